"""Crime themes, rooms, sessions, speakers, sign-ups, waiting lists, conflicts, iCal."""
