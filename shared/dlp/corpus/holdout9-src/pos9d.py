"""Holdout9 positive templates, part D: encoded binaries, classification markings, health information
(written blind). PHI spans cover the person identifier tied to the health fact (a name, case/member/MRN
reference, or a DOB, which is then DOB and PHI), as the other corpora do."""
from lib9 import L, LL, R, b64, wrap, xxd, hexdump_c, esc, c_array, uuencode, f_pdf, f_png, f_zip, f_gz, f_jpg, \
    f_elf, f_ole, f_exe, f_rand, rb, dob, date_recent, digits, mrn, medicare_mbi, p1_id
from lib9x import nm, fn, ln, nm_rev, ini, case9, claim_ui, ticket


def _e(v): return L('ENCODED_BINARY', v.rstrip()) + v[len(v.rstrip()):]
def _c(v): return L('CLASSIFICATION', v)
def _h(v): return L('PHI', v)


def od_x(b):
    out = []
    for o in range(0, len(b), 16):
        ch = b[o:o + 16]
        words = [f'{ch[i + 1] if i + 1 < len(ch) else 0:02x}{ch[i]:02x}' for i in range(0, len(ch), 2)]
        out.append(f'{o:07o} ' + ' '.join(words))
    return '\n'.join(out)


P_D = [
    # ---- ENCODED_BINARY -------------------------------------------------------------------------------------
    lambda: f"the scanned W-2 came through as text, here:\n{_e(wrap(b64(f_pdf(260))))}",
    lambda: f"<img src=\"{_e('data:image/png;base64,' + b64(f_png(120)))}\">",
    lambda: f"xxd of the attachment the mail gateway blocked:\n{_e(xxd(f_zip(96)))}",
    lambda: f"$ hexdump -C report.xls | head\n{_e(hexdump_c(f_ole(80)))}",
    lambda: f"payload = b\"{_e(esc(f_elf(48)))}\"",
    lambda: f"unsigned char blob[] = {{ {_e(c_array(f_gz(40)))} }};",
    lambda: f"{_e(uuencode(f_jpg(120), 'badge.jpg'))}",
    lambda: f"attachment (base64) - couldn't upload to the portal:\n{_e(wrap(b64(f_exe(300)), 64))}",
    lambda: f"href=\"{_e('data:application/pdf;base64,' + b64(f_pdf(150)))}\"",
    lambda: f"data uri from the form builder: {_e('data:text/plain;base64,' + b64(b'Claimant list Q3 - see attached roster of 212 names and SSNs ' + rb(24)))}",
    lambda: f"od -x output:\n{_e(od_x(f_gz(64)))}",
    lambda: f"the .msg file in hex: {_e(f_ole(60).hex())}",
    lambda: f"zipped case file (b64):\n{_e(b64(f_zip(180)))}",
    lambda: f"blob = '{_e(esc(f_rand(64)))}'",
    lambda: f"photo:{_e(b64(f_jpg(200)))}",
    lambda: f"xxd -g1 would be nicer but:\n{_e(xxd(f_png(64)))}",
    lambda: f"```\n{_e(hexdump_c(f_pdf(70)))}\n```",
    lambda: f"signature image data:image/jpeg;base64 -> {_e('data:image/jpeg;base64,' + b64(f_jpg(90)))}",
    # ---- CLASSIFICATION -------------------------------------------------------------------------------------
    lambda: f"{_c('CUI')}\nCase summary for the fusion center, see attached.\n{_c('CUI')}",
    lambda: f"{_c('CUI//SP-PRVCY')}\nroster of juvenile participants attached",
    lambda: f"{_c('CONTROLLED//SP-TAX')}\nFTI extract for the audit sample",
    lambda: f"{_c('(CUI)')} The subject was interviewed on 11/4 at the county jail.",
    lambda: f"Classification: {_c('Confidential')}\nDistribution: {_c('internal only')}",
    lambda: f"Sensitivity: {_c('Restricted')}",
    lambda: f"Data classification: {_c('Category 3')} - Confidential Information. Do not forward outside DSHS.",
    lambda: f"this export is {_c('Category 4')} data (confidential information requiring special handling)",
    lambda: f"Information Classification: {_c('Confidential')} (Texas DIR)",
    lambda: f"Classification Level: {_c('Sensitive')}",
    lambda: f"{_c('TLP:AMBER')}\nIOC list from MS-ISAC attached",
    lambda: f"{_c('FOR OFFICIAL USE ONLY')}\nShift roster - county EOC",
    lambda: f"{_c('(U//FOUO)')} Protest expected at the capitol steps Friday.",
    lambda: f"{_c('LAW ENFORCEMENT SENSITIVE')}\nBOLO attached",
    lambda: f"Marking: {_c('CUI//SP-CEII')}",
    lambda: f"clasificación: {_c('Confidencial')}",
    lambda: f"Sensitivity label: {_c('Highly Confidential')}",
    lambda: f"{_c('RESTRICTED')} - DO NOT DISTRIBUTE\nbudget cut scenarios v3",
    lambda: f"CUI Category: {_c('PRVCY')}\nDissemination: FEDCON",
    lambda: f"classification = {_c('CONFIDENTIAL')}",
    lambda: f"{_c('CUI//SP-LEI//NOFORN')}\n(not sure we can even use NOFORN at a state agency)",
    lambda: f"NYS data classification: {_c('High')} confidentiality",
    lambda: f"Category: {_c('Cat 4')} - restricted",
    lambda: f"{_c('CONFIDENTIAL')}\nPersonnel investigation - Supervisor {ln()}",
    # ---- PHI ------------------------------------------------------------------------------------------------
    lambda: f"Medicaid case note: client {_h(nm())} reports new dx of type 2 diabetes, A1c 9.1, referred to DSME",
    lambda: f"pt {_h(nm())} - HIV+ on ART, viral load undetectable per 10/2 labs",
    lambda: f"{_h(ini())} — hx of opioid use disorder, on suboxone, missed 2 appts",
    lambda: f"UI claim {_h(claim_ui())}: claimant unable to work, doctor's note says major depressive disorder",
    lambda: f"child welfare: mom ({_h(nm())}) tested positive for methamphetamine at delivery",
    lambda: f"MRN {_h(mrn())} - positive for hepatitis C, follow-up with GI",
    lambda: f"Paciente {_h(nm())}, diagnóstico: tuberculosis latente",
    lambda: f"inmate {_h(nm_rev())} on suicide watch, schizophrenia dx, meds refused x3",
    lambda: f"Re: accommodation request\nEmployee {_h(nm())} has MS and needs a closer parking space",
    lambda: f"case {_h(case9())} - client pregnant, 24 wks, gestational diabetes",
    lambda: f"name,dx,provider\n{_h(nm())},bipolar I,Comprehensive\n{_h(nm())},PTSD,Catholic Charities",
    lambda: f"{_h(nm())} DOB {LL(['DOB', 'PHI'], dob('us'))} — seizure disorder, cannot drive per neuro",
    lambda: f"member id {_h(p1_id())} - dialysis 3x/wk, transport auth needed",
    lambda: f"Medicare {_h(medicare_mbi())} - dementia, in memory care since June",
    lambda: f"probation: {_h(nm())} completed inpatient for alcohol use disorder, UA clean",
    lambda: f"FMLA: {_h(nm())} - chemo for breast cancer, intermittent leave",
    lambda: f"DMV medical review: driver {_h(nm())} had a syncope episode, neuro eval pending",
    lambda: f"SNAP ABAWD exemption: {_h(nm())} has a documented disability (COPD, on oxygen)",
    lambda: f"workers comp claim {_h('WC-' + digits(7))} - lumbar herniation L4-L5, surgery scheduled",
    lambda: f"Fwd: school nurse\n> {_h(nm())}'s son has type 1 and needs insulin at lunch",
    lambda: f"{_h(nm())}'s lab came back: HbA1c 7.8, eGFR 42 (CKD stage 3)",
    lambda: f"intake: {_h(nm())}, 34F, hx depression + anxiety, SI denied",
    lambda: f"pt {_h(ini())} dx: F32.1 (MDD, moderate)",
    lambda: f"{_h(nm())} was admitted to Western State for psychosis",
]
