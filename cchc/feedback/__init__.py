"""Citizens' feedback: submitting, handling, answering, statistics."""
