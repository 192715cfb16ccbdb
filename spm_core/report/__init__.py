"""The meeting material people take away: the deck (as data, HTML slides, PowerPoint), the
governor's PDF, the Excel recap, map pictures and table files."""
