"""Holdout10 hard negatives, part C: longer agency messages with numbers, dates and security words, nothing sensitive."""
from lib10 import *  # noqa: F401,F403
from neg10 import inc, date_any, phone, uid
from pos10d import sig

NEG_C = [
    lambda: M('Case note ', date_any(), ': client called to reschedule. Interview moved to ', date_any(),
              ' at 10:30. Reminded client to bring pay stubs and the landlord statement. No other changes.', sig()),
    lambda: M('Hi ', staff(), ',\n\nWindow 4 is down again (receipt printer). Ticket ', inc(),
              ' is open with the vendor, ETA tomorrow. Please route REAL ID customers to windows 5–7.', sig()),
    lambda: M('Subject: RE: password reset portal\n\nThe self-service reset page now requires MFA. Users who are locked out should call the service desk at ',
              phone(), '. Please do not ask users to tell you their password.', sig()),
    lambda: M('Reminder from Privacy: when a customer emails their SSN, DOB or card number, do not reply-all with it. Delete the value from the thread and use the secure portal link.'),
    lambda: M('Weekly metrics\n- claims filed: ', digits(4), '\n- first payments within 21 days: ', R.randint(80, 98),
              '%\n- appeals pending: ', digits(3), '\n- call center avg wait: ', R.randint(4, 40), ' min'),
    lambda: M('Change ', inc(), ' approved for Saturday ', date_any(), ' 22:00–02:00. Rollback plan attached. Affected: ACES batch, ProviderOne interface.'),
    lambda: M('Procurement: RFP ', digits(4), '-', digits(3), ' closes ', date_any(), ' at 2pm. Questions due a week prior. Bidders conference bridge ', phone(), ', code ', digits(6), '#.'),
    lambda: M('FYI the public health nurse visits for the flu vaccine clinic are Tuesday and Thursday. Staff can walk in; bring your insurance card. No appointment needed.'),
    lambda: M('Hearing notice sent for docket ', digits(2), '-', digits(6), '. Hearing ', date_any(), ' by phone. ALJ ', last(), '. Exhibits due 5 days before.'),
    lambda: M('Deploy notes v3.', R.randint(1, 9), ': fixed DOB validation on the intake form (was accepting future dates), moved the SSN field behind the "show" toggle, upgraded the JWT library.'),
    lambda: M('The key rotation runbook: 1) create the new secret in Key Vault, 2) update the app setting reference, 3) restart the app, 4) disable the old version after 24h. Do NOT paste values in this channel.'),
    lambda: M('Audit finding 2026-', digits(2), ': three workstations had the test credit card 4111 1111 1111 1111 saved in browser autofill. Cleared; no real card data found.'),
    lambda: M('Hi all, the Data Classification standard (OCIO 141.10) was updated. Summary: Category 1 public, Category 2 sensitive, Category 3 confidential, Category 4 confidential requiring special handling. Training link on the intranet.'),
    lambda: M('inventory: ', R.randint(20, 90), ' laptops, ', R.randint(5, 30), ' docks, asset tags ', digits(6), '–', digits(6), ' assigned to the Spokane office, shipment tracking 1Z', digits(16)),
    lambda: M('Reminder: the wellness screening (blood pressure, cholesterol) is in room 110 on ', date_any(), '. Results are private and go only to you.'),
    lambda: M('Re: ', name(), '\nShe called again about the status of her application. Told her it is pending verification of income, she will get a letter. Callback number is on file.'),
    lambda: M('Mass mailing: ', digits(5), ' renewal notices go out ', date_any(), '. Return address PO Box ', digits(4), ', Olympia WA 98507-', digits(4), '.'),
    lambda: M('sprint review notes: new CSRF middleware merged, session timeout to 15 min, request ids now UUIDv4 (e.g. ', uid(), '), password field masked in logs.'),
]
