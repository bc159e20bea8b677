"""phi-dev.jsonl: development cases for PHI (issue 16), hand-written in the voices of agency staff.
[[...]] marks a PHI span (the identifier tied to a health fact); {{TYPE:...}} marks another type's span
that is also PHI-tied (DOB), labelled as both. Run: python3 build.py ../phi-dev.jsonl
Offsets are UTF-16 code units (no astral characters are allowed, so Python's str indices are the same)."""
import json, re, sys

POS = r"""
Medicaid renewal: [[Lorenzo Pruitt]] is on dialysis three days a week, so the in-person interview is waived
Eligibility note - [[Quinn, Marabel]] - pregnant, due in March, add to the household size
[[Tobias Renner]] has type 2 diabetes and his A1C was 9.8 last month, asking for the disability addendum
Mr. [[Haldane]] was started on insulin after the ER visit, needs the pharmacy benefit reinstated
ADA request from [[Priya Okonkwo]]: MS flare-ups, asking to telework two days a week
Accommodation file for [[Dwight Castellano]] - diagnosed with PTSD after deployment, wants a quiet workstation
[[Simone Achterberg]] brought a note from her oncologist, she starts chemo on the 12th and will need intermittent FMLA
CPS intake: the mother, [[Kaylee Brandt]], tested positive for meth at delivery; baby is in the NICU
child [[Mateo Figueroa]] (age 6) has autism and is nonverbal, placement must have sensory supports
Foster parent called: [[Aaliyah Drummond]] had another seizure at school today, neuro appt Friday
Case [[24-118305]] - youth disclosed self-harm, safety plan in place, therapist notified
Corrections health services: inmate [[Ruiz, Octavio]] [[#A448210]] on methadone maintenance, continue at intake
DOC [[#771204]] - offender on suicide watch since Tuesday, psych eval pending
Offender [[Lamar Whitcombe]] is HIV positive and on ART, make sure meds transfer with him to Coyote Ridge
Probationer [[Janelle Okafor]] entered detox Monday, will miss the Wednesday check-in
UI claim [[88420193]] - claimant says she can't work due to chemo, sent the ability-to-work form
Disability claim for [[Rashid Benali]]: herniated disc L4-L5 and chronic pain, surgery scheduled
L&I claim [[SJ-40882]] - worker had a crush injury to the left hand, two fingers amputated
DMV medical review - [[Ingrid Salvesen]], seizure disorder, last seizure 4 months ago, needs 6 months seizure-free
Driver [[Benedikt Morrow]] reported blacking out behind the wheel, diagnosed with sleep apnea, license suspended pending review
Vision referral: [[Corinne Haddad]] has macular degeneration, failed the vision screening at the counter
Public health follow-up: [[Tamsin Greer]] tested positive for TB, started on RIPE therapy, contact tracing the household
Epi note - [[Julio Santangelo]], 34, confirmed hepatitis A, food handler at a taqueria on 5th
STD clinic: [[Devonte Ames]] positive for syphilis, partner notification pending
Contact investigation: [[Margo Ellison]] measles confirmed, unvaccinated, exposed at the daycare
School nurse: [[Lily Tran]] (3rd grade) has a peanut allergy and an EpiPen in the office
Nurse's log: [[Ethan Kowalczyk]] blood sugar was 48, gave juice, called his mom
[[Sofia Marchetti]] 504 plan - ADHD and anxiety, extra time on tests
EMS run report: pt [[Gerald Fenwick]], 71, unresponsive, suspected overdose, Narcan x2, transported to St. Joseph
EMS: patient [[Helena Voss]] c/o chest pain, hx of CHF and afib, on Eliquis
[[Norbert Fairchild]] - hx COPD, on 2L home oxygen, DNR on file
APS referral: [[Edna Lindqvist]] 82 with dementia, son managing her money, possible exploitation
Client [[Rosalind Marsh]] was involuntarily committed under a 72-hour hold last night
The claimant, [[Terrence Oyelaran]], was admitted to Western State for schizophrenia, hearing postponed
[[Marisol Fuentes]] está embarazada de 7 meses, necesita la cita prenatal
La señora [[Guadalupe Ortega]] tiene diabetes y presión alta, pidió ayuda con los medicamentos
Paciente [[Rigoberto Salinas]] con VIH, carga viral indetectable, continuar tratamiento
Met with [[Jonas Whitfield]] today. He disclosed he has been using fentanyl again and wants to go back to MAT.
Home visit with [[Keisha Armitage]]. She was discharged from the psych unit Friday and is taking her Abilify.
Saw [[Brennan Coyle]] at the clinic. Pt reports depression worse since layoff, PHQ-9 of 19.
[[Vivian Oduya]]'s biopsy came back malignant, she starts radiation next week
Update on [[Abel Tennyson]]: A1c 10.2, eGFR 38, referred to nephrology
re: [[Chiara Bellweather]] - miscarriage at 11 weeks, requesting bereavement leave extension
Name | Dx | Worker\n[[Felix Amundsen]] | bipolar I | RT\n[[Greta Solberg]] | OUD, on Suboxone | KM
member_name,condition,last_visit\n[[Omari Whitlock]],stage 4 CKD,11/02\n[[Beatriz Alcantara]],HIV,10/28
Resident [[Walter Pemberton]] fell, hip fracture, admitted to Providence
[[Harriet Clemons]] (room 212) has a stage 2 pressure injury on her sacrum
SNAP work requirement exemption - [[Delia Moreau]] has a mental health condition (bipolar) that prevents work
Applicant [[Curtis Vandermeer]] reports alcohol use disorder, currently in outpatient treatment
[[Ramona Ishikawa]] had a stroke in August and has aphasia, needs an interpreter for the hearing
Called [[Leopold Marchand]] re his UI claim, he's been in the hospital with pneumonia since the 3rd
Recipient [[Imani Castillo]] is HIV+ and needs the case moved to a worker with HIPAA training
[[Dorian Kessler]] tox screen positive for cocaine and THC, court notified
pt [[Marguerite Lyle]] BAC 0.21 at booking, cleared by medical before transport
Caseworker note: [[Yusuf Hamdan]] was diagnosed with leukemia, family requesting expedited review
RE: [[Bettina Crowe]] - schizoaffective, off meds for 3 weeks, missed her Invega shot
inmate [[Cordell Banks]] DOC [[402219]] - hep C positive, started Epclusa
The baby's mother, [[Tessa Rainier]], used heroin during pregnancy; infant in withdrawal (NAS)
[[Gideon Faulk]] (claim [[77-30412]]) is post-op from a rotator cuff repair, off work 12 weeks
Wellness check on [[Patrice Delano]]: she has stage 3 breast cancer and lives alone
Re: [[Anselm Whitaker]] -- on home hospice for ALS, please expedite the Medicaid waiver
[[Lorna Beckett]] DOB {{DOB:04/11/1956}} - insulin-dependent diabetic, needs the medical exemption
Student [[Kai Nakamura]] returned after a concussion, no PE for two weeks per doctor
Employee [[Rhonda Siegel]] is out for knee replacement surgery, back Dec 20
[[Arturo Pineda]] has epilepsy and takes Keppra, no commercial license per the medical board
Youth [[Darnell Price]] was placed on a 5150 after threatening to kill himself at the group home
[[Noemi Castellanos]], 16, had a positive pregnancy test at the school clinic, referred to prenatal care
Corrections: [[Jarvis Holloway]] (DOC [[318842]]) has end-stage liver disease, request for compassionate release
[[Winifred Osei]] has been in rehab for opioid addiction since Oct 1, caseworker to visit Friday
Member [[Elias Stromberg]] on Ozempic and metformin for his diabetes, prior auth needed
Hi, this is about my client [[Paloma Reyes]] - she was hospitalized for an eating disorder, can we pause her work search
"""

NEG = r"""
Flu shot clinic Thursday 9-3 in the 2nd floor break room, bring your insurance card
Reminder: COVID boosters and flu vaccines are free for state employees at the Capitol campus clinic
Wellness program: sign up for the diabetes prevention class and earn 500 SmartHealth points
November is Diabetes Awareness Month - wear blue on Friday!
The Fred Hutch Cancer Center parking garage is closed, use the south lot
Meeting moved to the Cancer Center conference room B
Training module 4 covers recognising signs of depression, anxiety and PTSD in clients
Policy reminder: do not send diagnoses, test results or Medicaid IDs over chat, use the secure portal
Do not include HIV status or substance use treatment info in case notes that go to the court
12 positive TB cases this week in the county, up from 7 last week
Statewide, overdose deaths fell 9% in 2025 according to the DOH dashboard
The hepatitis A outbreak now totals 41 cases across three counties
We are hiring a mental health counselor for the Olympia office
Job posting: Psychiatric Social Worker 3, Western State Hospital
Dana is the new substance use disorder professional on the reentry team
I need Friday off for a family thing, will use vacation
Taking a sick day today, will check email this afternoon
Leave request: Dec 22-26, annual leave
Out sick today, back tomorrow
My kid has a dentist appointment at 2 so I'm leaving early
The EMS conference is in Spokane this year, registration closes Friday
Our unit handles the DMV medical review forms; the neuro section is backlogged 6 weeks
Please update the seizure disorder guidance in the driver medical standards manual
Can someone send me the ICD-10 code list for the Medicaid waiver billing?
The school nurse training on EpiPens is at 3:30 in the library
Stroke awareness walk on Saturday, meet at Capitol Lake
The dialysis center on Pacific Ave is a polling place this year
HIV testing is free at the county clinic on Tuesdays and Thursdays
Narcan kits are in the first aid cabinet on each floor
Staff reminder: pregnancy accommodation requests go to HR, not your supervisor
Lunch and learn: managing stress and anxiety during open enrollment
The autism waiver waitlist report is due to the legislature on the 15th
Medicaid expansion enrolled 14,000 more adults with chronic conditions last year
The methadone clinic asked about the zoning variance again
Can you review the draft PHQ-9 screening workflow before Monday?
Cancer screening benefit now covers colonoscopy at 45
The TB skin test requirement for new hires is in the onboarding checklist
Jail health services contract with NaphCare renews in July
Corrections staff must complete suicide prevention training by March 1
The detox center expansion got funded in the supplemental budget
Please stop microwaving fish, people are getting sick from the smell lol
I'm so sick of this printer
This spreadsheet is giving me a heart attack
That migration was insane, total chemo for the database
We need a diagnosis of why the VPN keeps dropping
The build tested positive for the regression, rolling back
Lorenzo Pruitt asked about the parking permit renewal
Priya Okonkwo will present the ADA accommodation process at all-staff
Dr. Helena Voss is the new medical director for the EMS program
Marisol Fuentes is covering the front desk today
Client Rosalind Marsh missed her appointment, please reschedule
Inmate Ruiz, Octavio #A448210 transferred to Airway Heights on Monday
UI claim 88420193 - claimant missed the weekly certification, sent reminder
DMV medical review - Ingrid Salvesen submitted the form, waiting on doctor
Name | Unit | Ext\nFelix Amundsen | Eligibility | 4412\nGreta Solberg | Intake | 4419
member_name,program,last_visit\nOmari Whitlock,SNAP,11/02\nBeatriz Alcantara,TANF,10/28
Met with Jonas Whitfield today. He wants to go back to school and asked about the GED program.
The vaccine clinic for staff and families is Saturday at the fairgrounds
Blood drive next Tuesday, sign up on the intranet
Our HIV/AIDS program manager is out until Monday
The maternity ward renovation at St. Joseph starts in January
Mental Health Awareness Week events are on the calendar
The opioid settlement funds report shows $4.2M allocated to the counties
We got 3 positive reviews on the new portal this week
Employee assistance program: free confidential counseling, call 1-800 number on the poster
"""

def parse(line):
    text, labels = "", []
    i = 0
    pat = re.compile(r"\[\[(.+?)\]\]|\{\{([A-Z_]+):(.+?)\}\}")
    for m in pat.finditer(line):
        text += line[i:m.start()]
        if m.group(1) is not None:
            labels.append({"type": "PHI", "start": len(text), "end": len(text) + len(m.group(1))})
            text += m.group(1)
        else:
            s = len(text)
            text += m.group(3)
            labels.append({"type": m.group(2), "start": s, "end": len(text)})
            labels.append({"type": "PHI", "start": s, "end": len(text)})
        i = m.end()
    text += line[i:]
    return text, labels

def blocks(src):
    """One message a line; a literal backslash-n inside a line is a line break of the message (tables)."""
    return [line.replace("\\n", "\n").replace("\\t", "\t") for line in src.strip("\n").split("\n")]

def write(path, pos, neg, prefix):
    rows = []
    for kind, src in (("p", pos), ("n", neg)):
        for k, msg in enumerate(blocks(src), 1):
            text, labels = parse(msg)
            assert all(ord(c) < 0x10000 for c in text)
            if kind == "p": assert any(l["type"] == "PHI" for l in labels), msg
            else: assert not labels, msg
            rows.append({"id": f"{prefix}-{kind}{k:03d}", "text": text, "labels": labels})
    with open(path, "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), sum(1 for r in rows if r["labels"]), "sensitive")

if __name__ == "__main__":
    write(sys.argv[1], POS, NEG, "phidev")
