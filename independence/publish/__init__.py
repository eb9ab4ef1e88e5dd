"""What leaves the program for a person to read: charts, the personal report, the coach's release, files."""
