"""The cache: plain storage under the workspace (``jap_tracker.workspace``), which asks it for
what it kept and loads the files when it has nothing valid.

``keys`` says what a kept value depends on (file stats, jap and its environment); ``store``
keeps entries in one folder per workspace, written whole and read back only under their key;
``entries`` gives each entry's values their types. Where the folder is, what each entry holds
and why an answer is never stale: docs/performance.md.
"""
