"""What team leads read: report data, terminal tables and CSV, the HTML report, transcripts."""
