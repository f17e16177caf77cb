"""Audience questions: taken like orders (signed HTTP, a JSONL feed), credited to the segment on air, moderated
by the director, shown to the presenter and the exhibitor they are for. docs/questions.md."""
