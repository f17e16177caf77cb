"""Orders taken during a show: parsed from shops and files, attributed to what was on air, stored, totalled."""
