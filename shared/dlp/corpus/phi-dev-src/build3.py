"""phi-dev3.jsonl: a third PHI set, written after phi-dev2's fixes and committed before it was run (role
words with only a number, titles with a surname, initials, e-mail threads, shorthand). Same markup as
build.py. Run: python3 build3.py ../phi-dev3.jsonl"""
import sys
from build import write

POS = r"""
Ms. [[Abernathy]] called back - her son was just diagnosed with type 1 diabetes and she needs the medical leave forms
claimant [[#50918823]] states he cannot work due to PTSD, vocational rehab referral sent
From: Intake\nTo: Eligibility\n\nHi all, [[Reggie Castellano]] is requesting expedited Medicaid; he was just diagnosed with stage 4 pancreatic cancer.
pt [[J.R. Holcomb]] - HTN, DM2, CKD 3, on lisinopril and metformin
offender # [[A-772019]] on CIWA protocol for alcohol withdrawal at booking
Mr. [[Tanaka]] has been in the ICU since Friday after a heart attack; his wife asked us to pause the audit
[[Beverly Nakashima]] - OUD in remission, Sublocade monthly, UA negative x3
Re: home visit\n[[Dolores Huerta-Blake]] was confused and short of breath; called EMS, possible pneumonia and CHF exacerbation
[[Kendrick Moss]] 6/14/1990 seizure disorder on Depakote, license hold
patient ID [[88-442-017]]: HIV viral load 40 copies, CD4 612
Per DMV medical unit, [[Lonnie Sutter]] has narcolepsy and cannot hold a CDL
Mrs. [[Oyelowo]] (apartment 3C) had a fall, broken hip, in surgery now
Can we get an interpreter for [[Phuong Nguyen]]? She is 20 weeks pregnant and has preeclampsia
the youth ([[T. Marchetti]]) was admitted to the adolescent psych unit for suicidal ideation
[[Galen Whitford]] says his Crohn's disease flared and he missed two weeks of work
Resident [[Ida Fenwick]], 91, hospice care, end-stage COPD
[[Maurice Delacroix]], DOB {{DOB:02/17/1949}}, Parkinson's, needs in-home care hours increased
Medicaid ID [[WA1234567]] - bariatric surgery approved
The client's mother, [[Corinne Beale]], reports she relapsed on meth last week
[[Svetlana Orlova]] presented with chest pain; troponin elevated, admitted for NSTEMI
"""

NEG = r"""
Ms. Abernathy called back - she needs the FMLA forms for her new job
claimant #50918823 states he cannot work due to a layoff, sent the UI packet
From: Intake\nTo: Eligibility\n\nHi all, Reggie Castellano is requesting expedited SNAP; he lost his job Friday.
Mr. Tanaka is out on vacation until Monday; his assistant asked us to pause the audit
Per DMV medical unit, the narcolepsy guidance for CDL holders is being updated
Mrs. Oyelowo (apartment 3C) asked about the recycling schedule
Can we get an interpreter for Phuong Nguyen? She has a hearing on the 20th
Galen Whitford says the Crohn's and Colitis Foundation walk is next month
Resident Ida Fenwick, 91, won the bingo tournament again
Medicaid ID cards for the new enrollees are mailing Tuesday
The hospice volunteer orientation is Wednesday at 6
Please remind staff that pregnancy and disability accommodations go through HR
The county reported 3 measles cases linked to the airport
Seroquel and Abilify were added to the preferred drug list this quarter
UA collection site hours changed to 7am-3pm
Kendrick Moss renewed his license on 6/14, no issues
patient ID wristbands are in the supply closet
We had 14 overdose reversals with Narcan this month at the shelters
the youth (T. Marchetti) was placed with a relative in Yakima
Svetlana Orlova presented the heart disease prevention grant results
"""

if __name__ == "__main__":
    write(sys.argv[1], POS, NEG, "phidev3")
