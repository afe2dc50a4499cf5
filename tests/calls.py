"""A scripted good call on the logistics scenario, shared by engine and e2e tests."""

GOOD_CALL = [
    "Thanks for your time, Dana. How do you back up the depot servers today?",
    "What has been the hardest part of relying on tapes?",
    "What did the two-day outage at Leeds cost you?",
    "I understand, that's a fair concern. What are you comparing the price to?",
    "One outage cost you 18,000 in penalties, so it pays for itself almost four times over. "
    "Does that address your concern?",
    "Shall we book a restore test with your IT lead for Thursday?",
]
