"""phi-dev4.jsonl: a fourth PHI set, written after phi-dev3's fixes and committed before it was run (chat
shorthand, forwarded threads, dictation, tab-separated pastes, labelled note lines). Same markup as
build.py. Run: python3 build4.py ../phi-dev4.jsonl"""
import sys
from build import write

POS = r"""
fyi [[Darla Pennington]] back in hosp, sepsis again, family at bedside
ok so [[Mr. Villanueva]]'s labs came back - hep B surface antigen positive
Diagnosis: bipolar disorder w/ psychotic features\nClient: [[Roderick Ames]]\nWorker: T. Lang
name\tcondition\tunit\n[[Cassius Drummond]]\tasthma\tC-2\n[[Wren Holloway]]\tseizures\tB-1
---------- Forwarded message ----------\nSubject: [[Mariah Stokes]]\n\nShe tested positive for chlamydia at the teen clinic, needs partner services
dictated note: client [[Alvin Prescott]] states he was diagnosed with hepatitis C in 2019 and never treated
[[Harold Bixby]] is legally blind from glaucoma and needs the large print notices
Our claimant [[Petra Lindgren]] had a mastectomy on 10/3 and is on short-term disability
Child [[Zoe Abernathy]] (age 4) has elevated blood lead, 14 mcg/dL, home inspection ordered
[[Rufus Okonkwo]] DOC #[[301184]] - dialysis transport Tues/Thurs
Worker note - [[Yvette Caldwell]] overdosed on her prescription pills, now stable, CPS notified for the kids
[[Gabriela Montoya]] tiene depresión y ansiedad, toma sertralina
[[Shaun Pickett]] out since Monday with kidney stones, ER note attached for his FMLA
Bus driver [[Lyle Ferris]] - insulin-treated diabetes, DOT medical card expires 12/31
[[Noor Al-Sayed]] has stage 3 CKD and a GFR of 41
"""

NEG = r"""
fyi Darla Pennington back in office Monday
ok so Mr. Villanueva's paperwork came back - all signed
Diagnosis codes must be entered before billing closes Friday
name\tteam\tunit\nCassius Drummond\tfacilities\tC-2\nWren Holloway\tIT\tB-1
---------- Forwarded message ----------\nSubject: teen clinic hours\n\nThe teen clinic now offers STI testing on Saturdays
dictated note: client Alvin Prescott states he moved to Tacoma in 2019
Harold Bixby is the new braille and large print coordinator
Our claimant Petra Lindgren returned to work on 10/3
Child care subsidy rates go up January 1
Rufus Okonkwo DOC #301184 - transferred to Stafford Creek
Worker note - Yvette Caldwell picked up her kids' school supplies vouchers
Gabriela Montoya tiene una cita con su trabajadora el lunes
Shaun Pickett out Monday for jury duty
Bus driver Lyle Ferris - DOT medical card renewed through 2027
Noor Al-Sayed presented the CKD prevention dashboard to leadership
"""

if __name__ == "__main__":
    write(sys.argv[1], POS, NEG, "phidev4")
