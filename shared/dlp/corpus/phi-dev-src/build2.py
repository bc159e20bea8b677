"""phi-dev2.jsonl: a second PHI set, written after phi-dev.jsonl's fixes and committed before it was run,
to see how the generalised rules do on phrasing they were not fitted to. Same markup and checks as
build.py. Run: python3 build2.py ../phi-dev2.jsonl"""
import sys
from build import parse, blocks, write

POS = r"""
FYI [[Marguerite Okoye]] won't be at the hearing, she's in the hospital with a kidney infection
Per her doctor, [[Yolanda Prescott]] cannot lift more than 10 lbs after her C-section
eligibility worker note: [[HOLLOWAY, DESMOND]] - ESRD, dialysis MWF at DaVita
Can you reassign [[Trevor Linwood]]'s case? He just got diagnosed with lymphoma and wants a worker closer to home
Quick q - [[Shanice Boyd]] says she's bipolar and off her lithium, do we still require the job search
[[Ansel Moritz]] (claimant) - back injury on the job 3/14, MRI shows two bulging discs
Heads up: [[Perla Jimenez]] is 32 weeks pregnant with twins and on bed rest
[[Corwin Ashdown]] failed the drug screen again - positive for fentanyl
Spoke to [[Ramon Iglesias]]' sister: he overdosed Saturday and is in the ICU at Harborview
The client [[Wendell Sato]] has early-onset Alzheimer's, wife has POA
Nurse line: [[Brianna Lockhart]], 15, glucose 412, sent to ER
[[Ezra Blackwood]] DOB {{DOB:09/23/1961}} - diagnosis: paranoid schizophrenia
Inmate [[Tyrell Jennings]] refused his insulin three days running, medical notified
Subject: [[Odessa Kline]] - medical exemption\nShe has severe asthma and COPD and can't do the in-person class
youth [[Jaylen Whitaker]] disclosed he was sexually abused and is having panic attacks at school
Claimant [[Hector Vasquez]] reports he was hospitalized for depression from 2/1 to 2/20
[[Rosalie Dunmore]]: HIV+, viral load undetectable, needs housing referral
DMV: [[Gordon Ellery]] has uncontrolled diabetes with hypoglycemic episodes, medical cert required
Member ID [[MW4471022]] - Suboxone prior auth approved for 12 months
Case [[2025-CW-8814]]: infant born with NAS, mother on methadone
Parolee [[Dante Moreno]] tested positive for meth on his last UA
[[Annika Strauss]] had a stroke last month and is in a rehab facility, can't attend the interview
the resident in 4B, [[Clarence Hobbs]], has advanced dementia and wanders at night
[[Li Wei]] was seen for chest pain, EKG abnormal, referred to cardiology
Sra. [[Lucía Paredes]] tiene cáncer de mama y empieza quimioterapia el lunes
El paciente [[Julián Esparza]] fue hospitalizado por sobredosis
Name | DOB | Diagnosis\n[[Fern Gallagher]] | {{DOB:03/02/1977}} | MDD\n[[Otis Brennan]] | {{DOB:11/19/1983}} | GAD
[[Mabel Thornquist]]'s hip replacement is scheduled for the 9th so she's requesting a continuance
After her miscarriage, [[Josephine Ward]] asked for 2 more weeks of leave
School nurse: [[Oliver Petrakis]] has type 1 diabetes, checks his sugar before lunch
"""

NEG = r"""
Reminder: annual TB testing for all corrections staff is due by Jan 31
The HIV/STD program is moving to the 4th floor next week
FYI the hospital district board meets Thursday about the new cancer wing
Quick q - do we still require the job search for claimants who are in treatment? asking for the policy manual
Heads up: the Diabetes Prevention Program is taking referrals again
Breast Cancer Awareness 5K is Saturday, register on the wellness page
Please don't post client diagnoses in the team channel, use the case file
Can you reassign Trevor Linwood's case? He's moving to the Spokane office
Spoke to Ramon Iglesias about the ICU staffing grant, he is sending numbers
The client Wendell Sato asked for a copy of his award letter
Inmate Tyrell Jennings was moved to the medium security unit
Claimant Hector Vasquez reports he was laid off on 2/1
DMV: Gordon Ellery renewed his CDL at the Lacey office
Annika Strauss had a great first month on the team!
Li Wei was named employee of the month for the cardiology billing project
Sra. Lucía Paredes tiene cita el lunes a las 10
Name | Start | Program\nFern Gallagher | 03/02/2026 | Head Start\nOtis Brennan | 11/19/2025 | Head Start
Mabel Thornquist's retirement party is scheduled for the 9th
Overdose response training for front desk staff on Narcan use, Tuesday 2pm
County data: 214 new chlamydia cases in Q3, mostly ages 15-24
Our depression screening rate went up to 71% this quarter
Seasonal flu and COVID vaccines available at the staff clinic, no appointment needed
Employee wellness: free blood pressure checks in the lobby Wednesday
Stephanie is our new Medicaid policy analyst for the dialysis benefit
The ADA coordinator position closes Friday, please share the posting
I'm out Monday for a doctor's appointment, back Tuesday
Feeling under the weather, working from home today
Does the PHQ-9 go in the intake packet or the assessment packet?
Sepsis protocol update from the hospital association attached
Naloxone vending machine installed at the Pioneer Square bus stop
"""

if __name__ == "__main__":
    write(sys.argv[1], POS, NEG, "phidev2")
