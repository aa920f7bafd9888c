"""Investigation and assistance referrals, deadlines and reminders."""
