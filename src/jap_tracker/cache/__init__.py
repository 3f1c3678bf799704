"""The cache: plain storage under the workspace (``jap_tracker.workspace``), which asks it for
what it kept and reads the files when it has nothing valid.

``keys``: what a kept value depends on (file stats, jap and its environment, racy hashes);
``entries``: one cache folder's entries as bytes, written whole, pruned, unpickled through a
fixed list of classes; ``kept``: the kept values' types and marshalled forms; ``store``: the
typed entries of one workspace. Where the folder is, what each entry holds and why an answer
is never stale: docs/performance.md.
"""
