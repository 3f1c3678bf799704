#!/usr/bin/env bash
# Record the documented history of the shipped plans (plans/*.toml) through the
# jap CLI: one `jap update` per dated fact, in date order. The facts and their
# sources are those of shared/facts.md and the French seed documents; each note
# names its source in parentheses, and "(unverified)" marks what rests on a
# single source or on our own reading.
#
# Dating rules: an event is recorded on its documented date (the last day of a
# multi-day event, unless the source dates the outcome itself); when only the
# month is known, on the 15th, and the note says so; when only the year is
# known, on 31 December, and the note says so. An activity that the source
# describes as done without dating it is recorded on the source's own date
# (the latest date the source proves; for an undated page, the latest date its
# text gives), and the note says so; an item about which the sources say
# nothing dated gets no update.
#
# Run it once, on a workspace without these records: the journal is
# append-only, so a second run records everything twice.
#
#   scripts/record_history.sh            # record
#   DRY_RUN=1 scripts/record_history.sh  # print the commands only
#   JAP="python -m jap_tracker" scripts/record_history.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PLANS=plans
BY="jap-tracker maintainers"
read -r -a JAP_CMD <<< "${JAP:-jap}"

rec() {
    local item=$1
    shift
    if [[ -n "${DRY_RUN:-}" ]]; then
        printf '%q ' "${JAP_CMD[@]}" update "$item" --plans "$PLANS" --by "$BY" "$@"
        printf '\n'
    else
        "${JAP_CMD[@]}" update "$item" --plans "$PLANS" --by "$BY" "$@"
    fi
}

# --- 2010-2011: preparing and adopting the Joint Plan of Action --------------

rec JPOA-2011-02 --status done --date 2010-12-16 \
    --note "First expert meeting held in Bratislava, 15-16 Dec 2010: Pillars I and IV according to UNRCCA, Pillar I only according to CTITF (unrcca.unmissions.org/counter-terrorism; un.org/en/terrorism/ctitf/proj_centralasia.shtml)"

rec JPOA-2011-03 --status done --date 2011-03-30 \
    --note "Second expert meeting held in Dushanbe, 29-30 Mar 2011, on Pillar II, with 61 participants (docslib.org/doc/3075493 final report)"

rec JPOA-2011-04 --status done --date 2011-07-22 \
    --note "Third expert meeting held in Almaty, 21-22 Jul 2011, on Pillar III; end of the expert consultation (unrcca.unmissions.org/counter-terrorism; un.org/en/terrorism/ctitf/proj_centralasia.shtml)"

rec JPOA-2011-01 --status done --indicator states-adopting=4 --date 2011-11-30 \
    --note "Adopted at the Ashgabat high-level meeting by KZ, KG, TJ, TM; UZ observer. Joint Ashgabat Declaration backed by the 54 participants (unrcca.unmissions.org/joint-plan-action)"

# --- 2012-2019: implementation phases I to III -------------------------------

rec JPOA-2011-05 --status in_progress --date 2012-06-22 \
    --note "Almaty consultation with regional organizations on their role in the plan, 21-22 Jun 2012; first version of the matrix of their activities (unrcca.unmissions.org consultation page; unrcca.unmissions.org/matrix-activities-regional-and-international-organizations)"

rec JPOA-2011-06 --status in_progress --date 2013-09-15 \
    --note "Phase II launched in September 2013 (only the month is documented; dated the 15th): three-year CTITF/UNRCCA project funded by the EU and Norway (unrcca.unmissions.org/counter-terrorism)"

rec JPOA-2011-07 --status done --date 2013-11-22 \
    --note "Regional workshop on religious leaders and institutions held in Almaty, 20-22 Nov 2013, first Phase II activity, with Afghanistan taking part (old.asiaplustj.info, 23 Nov 2013)"

rec JPOA-2011-08 --status done --date 2014-07-15 \
    --note "Media workshop held in Bishkek in July 2014 (only the month is documented; dated the 15th) (mfa.gov.tm/en/news/121)"

rec JPOA-2011-09 --status done --date 2015-03-15 \
    --note "Border security and management workshop held in Ashgabat in March 2015 (only the month is documented; dated the 15th) (mfa.gov.tm/en/news/121)"

rec JPOA-2011-05 --date 2015-10-15 \
    --note "Rolling matrix updated: edition of October 2015 (only the month is documented; dated the 15th); a further update followed in 2018 (fdocuments.in Rolling Matrix, October 2015; unrcca.unmissions.org/matrix-activities-regional-and-international-organizations)"

rec JPOA-2011-10 --status done --date 2016-03-15 \
    --note "Fourth Phase II workshop, on countering radicalization, March 2016 (only the month is documented; dated the 15th; the source text is cut off, subject unverified) (mfa.gov.tm/en/news/121)"

rec JPOA-2011-11 --status done --date 2016-12-14 \
    --note "Fifth Phase II workshop, on countering the financing of terrorism for financial intelligence units, opened in Ashgabat on 14 Dec 2016 with UNODC support and EU funding; closing day not documented (mfa.gov.tm/en/news/121)"

rec JPOA-2011-12 --status done --date 2017-06-13 \
    --note "High-level UN-Central Asia dialogue chaired by Secretary-General Guterres in Ashgabat; the five foreign ministers adopted a joint declaration on counter-terrorism cooperation; Phase III priorities identified (un.org/press/en/2017/pa19.doc.htm; un.org/sc/ctc/news/2018/07/03)"

rec JPOA-2011-06 --status done --date 2017-06-13 \
    --note "Phase II closed by the high-level dialogue in Ashgabat (un.org/press/en/2017/pa19.doc.htm)"

rec JPOA-2011-14 --status in_progress --date 2018-02-23 \
    --note "First coordination meeting of UN and regional bodies on PVE and counter-terrorism initiatives in Central Asia, Istanbul (unrcca.unmissions.org/mapping-pve-and-ct-initiatives-central-asia)"

rec JPOA-2011-13 --status in_progress --date 2018-05-03 \
    --note "Phase III launched at a high-level meeting in Ashgabat with USG Voronkov and SRSG Gherman, early May 2018 (exact day not documented; dated by the report of 3 May 2018) (pakobserver.net, 3 May 2018)"

rec JPOA-2011-15 --status done --date 2018-05-22 \
    --note "Workshop on addressing the conditions conducive to violent extremism and terrorism held in Astana, 21-22 May 2018 (vdocument.in workshop report)"

rec JPOA-2011-01 --date 2018-06-22 \
    --note "GA resolution on regional cooperation for peace, stability and sustainable development in Central Asia names the plan and the Ashgabat Declaration among the region's initiatives; symbol A/RES/72/283 (unverified) (un.int/uzbekistan statement, 25 Jun 2018)"

rec JPOA-2011-13 --date 2018-07-02 \
    --note "Counter-Terrorism Committee open briefing on Central Asia in New York, recalling the Phase III priorities set at the 2017 Ashgabat dialogue (un.org/sc/ctc/news/2018/07/03)"

rec JPOA-2011-14 --status done --date 2019-02-14 \
    --note "Second coordination meeting held in Istanbul (docslib.org/doc/8790187)"

# Recorded on 2026-11-30 (issue 16): the UNCCT South-South programme, seed 004.
rec UNCCT-SSC-01 --status done --date 2019-03-15 \
    --note "Scoping phase described as carried out (consultations with interested countries; mapping of good practices, focal-point experts and centres of excellence), with no date. The page is undated: dated on the one date its text gives, the UN conference on South-South cooperation in Buenos Aires, March 2019, which it quotes (only the month is given; dated the 15th). It also links UNCCT's 2019 annual report, so it was written later, on a date it does not give (un.org/counterterrorism/fr/cct/south-south-cooperation, undated, latest date given March 2019; shared/seeds/004)"

rec JPOA-2011-16 --status done --date 2019-05-15 \
    --note "UN/EU/OSCE high-level conference in Dushanbe adopted a Declaration on the prevention of terrorism and its financing, May 2019 (only the month is documented; dated the 15th) (unrcca.unmissions.org Samarkand CFT training page)"

rec JPOA-2011-17 --status done --date 2019-08-27 \
    --note "CFT training ended in Samarkand: 25 senior officials from the five Central Asian states and Mongolia (unrcca.unmissions.org training on countering the financing of terrorism)"

# --- 2020-2022: the Tashkent process ------------------------------------------

rec JPOA-2022-01 --status in_progress --date 2020-09-15 \
    --note "President Mirziyoyev proposed the Tashkent conference at UNGA75, September 2020 (only the month is documented; dated the 15th) (uzbekistan.un.org/en/node/173603)"

rec JPOA-2022-01 --date 2021-09-24 \
    --note "Conference announced for November 2021 in Tashkent, for the plan's tenth anniversary; it was later held on 3-4 Mar 2022 (vzglyad.uz, 24 Sep 2021)"

rec REC-CA-09 --country KZ --status in_progress --date 2021-11-22 \
    --note "Kazakhstan: 654 citizens returned in five operations as of November 2021 (unodc.org speech, 22 Nov 2021)"

rec CT-EWN-01 --status done --date 2021-12-31 \
    --note "Network designed in 2021 (only the year is documented; dated 31 Dec) (newscentralasia.net, 13 Sep 2024)"

rec RM-2022-01 --status in_progress --date 2022-03-02 \
    --note "President Mirziyoyev and USG Voronkov agreed to prepare a joint roadmap; Uzbekistan then took part in 15 UNOCT projects (president.uz/en/lists/view/5018)"

rec RM-2022-03 --date 2022-03-02 \
    --note "Baseline: Uzbekistan took part in 15 UNOCT counter-terrorism projects; expanding the portfolio was on the agenda (president.uz/en/lists/view/5018)"

rec JPOA-2022-01 --status done --indicator states-approving=5 --indicator participants=400 --date 2022-03-03 \
    --note "Updated plan adopted at the Tashkent conference of 3-4 Mar 2022 and approved by all five states. Attendance: more than 400 from 46 countries and 29 organizations per the Uzbek MFA (recorded); about 500 per vzglyad.uz; more than 600 per the WCO (kimandelvis.com mirror of the UNOCT page; china.mfa.uz/news/2694; vzglyad.uz, 11 Mar 2022)"

rec JPOA-2022-02 --status done --date 2022-03-03 \
    --note "Tashkent Declaration adopted by KZ, KG, TJ, TM, UZ; later issued as General Assembly document A/76/751 (thefrontierpost.com/TASS, 3 Mar 2022; isrs.uz/ru)"

rec JPOA-2011-01 --date 2022-03-03 \
    --note "Superseded by the updated Joint Plan of Action adopted in Tashkent, approved by all five states including Uzbekistan, an observer in 2011 (china.mfa.uz/news/2694; kimandelvis.com mirror of the UNOCT page)"

rec JPOA-2022-03 --date 2022-03-03 \
    --note "Proposed by President Mirziyoyev in his opening address: stronger mechanisms for constant monitoring and critical assessment of the plan's implementation and for coordination among Central Asian states (urdupoint.com, 4 Mar 2022; shared/seeds/003)"

rec JPOA-2022-04 --date 2022-03-03 \
    --note "Proposed by President Mirziyoyev at the Tashkent conference: a UNOCT office in the region (urdupoint.com, 4 Mar 2022; thetribune.com/podrobno.uz)"

rec JPOA-2022-05 --date 2022-03-03 \
    --note "Proposed by President Mirziyoyev at the Tashkent conference: a unified electronic network to counter cyberterrorism in Central Asia (kabar.kg, 3 Mar 2022; urdupoint.com)"

rec REC-CA-01 --date 2022-03-03 \
    --note "Council proposed by President Mirziyoyev at the Tashkent conference, March 2022 (dated on the day of his opening address) (newscentralasia.net/?p=47366; einpresswire.com/article/712044270)"

# Recorded on 2026-11-30 (issue 16): customs in counter-terrorism, seed 003.
rec WCO-CUSTOMS-01 --status done --date 2022-03-04 \
    --note "WCO Secretary General Kunio Mikuriya addressed the Tashkent conference of 3-4 Mar 2022 by video message, at the joint invitation of Uzbekistan's foreign minister, the OSCE Secretary General and UNOCT's head; the day of the message is not given: dated on the conference's last day, the date of the WCO item (wcoomd.org news item, 4 Mar 2022; shared/seeds/003)"

rec WCO-CUSTOMS-02 --status done --date 2022-03-04 \
    --note "Operation Cosmo, a WCO operation in Central Asia against the proliferation of weapons of mass destruction and dual-use goods, cited as a concrete case of implementing UNSCR 1540, reported as recent and carried out; its dates are not given: dated on the source's own date, the latest date it proves (wcoomd.org news item, 4 Mar 2022; shared/seeds/003)"

rec WCO-CUSTOMS-03 --status done --date 2022-03-04 \
    --note "The WCO took an active part in recent in-depth UNSCR 2370 assessments of Central Asian states' capacity to keep weapons from terrorists, centred on border controls of firearms, ammunition and explosives; their dates are not given: dated on the source's own date, the latest date it proves (wcoomd.org news item, 4 Mar 2022; shared/seeds/003)"

rec WCO-CUSTOMS-04 --date 2022-03-04 \
    --note "Recommended by the WCO Secretary General at the Tashkent conference: include customs in national counter-terrorism committees and other mechanisms; no step to carry it out is documented (wcoomd.org news item, 4 Mar 2022; shared/seeds/003)"

rec JPOA-2022-06 --status done --date 2022-10-18 \
    --note "High-level conference on border security and management to counter terrorism and stop terrorist movement held in Dushanbe (khovar.tj, 18 Oct 2022; thediplomaticinsight.com)"

rec RM-2022-01 --status done --date 2022-10-18 \
    --note "Roadmap signed by Foreign Minister Norov and USG Voronkov; place probably Dushanbe (unverified) (m.kun.uz/ru/news/2022/10/19; news.mail.ru/politics/53538965)"

# --- 2023 ---------------------------------------------------------------------

rec UNOCT-GP-01 --country TJ --status done --date 2023-07-06 \
    --note "Tajikistan: national roadmap on protecting vulnerable targets launched at a UNOCT/OSCE workshop in Dushanbe, 4-6 Jul 2023, with 33 participants from 10 agencies (ddevloper.com/counterterrorism/ru/node/20997; ghroona.com)"

rec CT-EWN-02 --status done --date 2023-07-15 \
    --note "National consultations held in all five capitals in July 2023 (only the month is documented; dated the 15th), 150 participants in total, under the Phase IV project with UNPDF support (newscentralasia.net, 24 Jul 2023)"

rec JPOA-2011-13 --date 2023-07-15 \
    --note "A Phase IV project was running by July 2023; the end of Phase III is not documented (newscentralasia.net, 24 Jul 2023)"

rec RM-2022-02 --status done --date 2023-09-27 \
    --note "CT TECH regional awareness workshop in Tashkent with INTERPOL: 28 officials from KZ, KG, MN, TJ, TM, UZ (more than 40 participants per uza.uz); start of support under the Cybersecurity and New Technologies programme, presented by the host as part of the roadmap (fanyjok.com mirror of the UNOCT event page; uza.uz, 25 Sep 2023)"

rec JPOA-2022-05 --status in_progress --date 2023-09-27 \
    --note "Prospects for a virtual network to counter cyber-terrorism in Central Asia discussed at the Tashkent CT TECH workshop; no founding date found (uza.uz)"

rec CT-EWN-03 --status done --date 2023-10-13 \
    --note "Regional conference of 9-13 Oct 2023, more than 70 participants, recommendations on the network's purpose, structure, staffing and funding (newscentralasia.net, 16 Oct 2023)"

rec MOU-ISRS-2023-01 --status done --date 2023-12-05 \
    --note "Memorandum signed at UN Headquarters by USG Voronkov and ISRS Director Aripov; the news reports say only this year, the ISRS article gives 5 Dec 2023 (nuz.uz/uz/?p=1230484; de.turkishnewsworld.com; shared/seeds/000)"

rec CT-EWN-04 --status done --date 2023-12-20 \
    --note "Third regional conference held in Almaty, 18-20 Dec 2023, more than 50 participants; reviewed research on online propaganda and radicalization and the 2024 workplan (unrcca.unmissions.org; newscentralasia.net, 21 Dec 2023)"

# --- 2024 ---------------------------------------------------------------------

rec REC-CA-09 --date 2024-03-15 \
    --note "More than 2,100 Central Asian citizens returned and in rehabilitation programmes as of March 2024 (only the month is documented; dated the 15th), returns running since 2019; no split by country (einpresswire, 27 Nov 2024; uzdaily.com)"

rec REC-CA-01 --status done --date 2024-05-14 \
    --note "First meeting of the Council in Tashkent, more than 100 participants from all five states, with CTED and UNODC; organized by UNRCCA with UNOCT, the Uzbek MFA, ISRS, the State Security Service and the OSCE (newscentralasia.net/?p=47366; china.mfa.uz/news/2025)"

rec RM-2024-01 --status done --date 2024-05-14 \
    --note "Roadmap 2024-2025 signed by Foreign Minister Saidov and USG Voronkov after the first Council meeting; also reported with the President's meeting of 15 May 2024 (newslineuz.com/article/1160501; kun.uz/en/news/2024/05/15)"

rec REC-CA-02 --status in_progress --date 2024-07-26 \
    --note "First working-group meeting (online), run by ISRS and the State Security Service with UNOCT and UNRCCA: preliminary 2024-2025 plans discussed (uzdaily.uz; isrs.uz/en)"

rec REC-CA-03 --status in_progress --date 2024-07-26 \
    --note "First working-group meeting (online): preliminary 2024-2025 plans discussed (uzdaily.uz; isrs.uz/en)"

rec REC-CA-04 --status in_progress --date 2024-07-26 \
    --note "First working-group meeting (online): preliminary 2024-2025 plans discussed (uzdaily.uz; isrs.uz/en)"

rec REC-CA-05 --status in_progress --date 2024-07-26 \
    --note "First working-group meeting (online): preliminary 2024-2025 plans discussed; more than 10 international organizations attended, UNICEF, ICRC, OSCE, EU and GCERF among them (uzdaily.uz; isrs.uz/en)"

rec REC-CA-06 --date 2024-07-26 \
    --note "Developing an informal regional network of practitioners discussed at the first working-group meeting (uzdaily.uz; isrs.uz/en; shared/seeds/000)"

rec RM-2024-03 --status in_progress --date 2024-07-26 \
    --note "First meeting of the Council's working groups held online explicitly to implement the 2024-2025 roadmap (uzdaily.uz; isrs.uz/en)"

rec REC-CA-09 --country UZ --status in_progress --date 2024-07-26 \
    --note "Uzbekistan: more than 530 citizens returned since 2019, mostly women and children; figure as published with the July 2024 working-group meeting, date of the count unverified (isrs.uz/en; uzdaily.uz)"

rec MOU-ISRS-2023-03 --status in_progress --date 2024-07-26 \
    --note "ISRS and UNOCT jointly ran the Council's first working-group meeting, after the joint first Council meeting of 14 May; counting these as projects under the memorandum is our reading (uzdaily.uz; isrs.uz/en)"

rec CT-EWN-05 --status done --date 2024-09-12 \
    --note "Regional conference and community-resilience training held in Tashkent, 10-12 Sep 2024, about 50 participants; UNRCCA, UNOCT and OROLSI with UNPDF support and the Governments of Uzbekistan and Turkmenistan (newscentralasia.net, 13 Sep 2024)"

rec REC-CA-02 --date 2024-11-27 \
    --note "Second working-group meeting in Tashkent, more than 40 participants; legal frameworks among the topics (newscentralasia.net, 28 Nov 2024; einpresswire, 27 Nov 2024)"

rec REC-CA-05 --date 2024-11-27 \
    --note "Second working-group meeting in Tashkent: civil-society-led rehabilitation and gender- and age-sensitive approaches, with experience from Bosnia and Herzegovina (newscentralasia.net, 28 Nov 2024; einpresswire, 27 Nov 2024; uzdaily.com)"

rec RM-2024-03 --date 2024-11-27 \
    --note "Second working-group meeting of the Council held in Tashkent, organized by UNRCCA, UNOCT, OSCE, ISRS and the Government of Uzbekistan (newscentralasia.net, 28 Nov 2024; einpresswire, 27 Nov 2024)"

rec REC-CA-07 --status done --date 2024-12-10 \
    --note "High-level briefing on the Council at UN Headquarters, organized by ISRS and Uzbekistan's Permanent Mission with UNOCT and UNRCCA; more than 50 states and about 10 organizations (isrs.uz/en; uzdaily.uz; newscentralasia.net, 14 Dec 2024)"

rec UNOCT-GP-01 --country KG --status done --date 2024-12-18 \
    --note "Kyrgyzstan: national action plan on protecting vulnerable targets presented in Bishkek, 17-18 Dec 2024, with the EU-UN Global Terrorism Threat Facility; linked to the national counter-terrorism programme 2023-2027 (ddevloper.com)"

rec JPOA-2011-20 --country KG --date 2024-12-18 \
    --note "Kyrgyzstan has a national counter-terrorism programme for 2023-2027, cited with its vulnerable-targets plan; its adoption date is not documented (ddevloper.com)"

# --- 2025 ---------------------------------------------------------------------

rec UNOCT-GP-02 --status done --date 2025-04-30 \
    --note "Cross-regional dialogue on prosecution, rehabilitation and reintegration of returnees held in Astana by UNRCCA, Kazakhstan's Ministry of Culture and Information, UNOCT and OSCE; more than 100 participants per newscentralasia.net, more than 50 per caspianpost.com (newscentralasia.net, 1 May 2025; caspianpost.com)"

rec CT-EWN-06 --status done --date 2025-07-08 \
    --note "High-level briefing at UN Headquarters presented the network's two analytical papers, on online propaganda and on cross-border security with Afghanistan (un.org/counterterrorism/node/21505)"

rec REC-CA-08 --date 2025-09-15 \
    --note "Proposed by President Mirziyoyev in the UNGA80 general debate, September 2025 (only the month is documented; dated the 15th) (tass.ru/mezhdunarodnaya-panorama/25139061; dzen.ru Sputnik Uzbekistan)"

rec JPOA-2022-04 --date 2025-09-15 \
    --note "President Mirziyoyev offered in the UNGA80 general debate to host a UNOCT regional office in Uzbekistan, September 2025 (only the month is documented; dated the 15th) (tass.ru/mezhdunarodnaya-panorama/25139061)"
