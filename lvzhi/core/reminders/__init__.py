"""In-platform reminders: any module's daily job sends them (七个一 periods ending, terms
to renew, boards to update), once per user and key; the user reads and clears her own."""
