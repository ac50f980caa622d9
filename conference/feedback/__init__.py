"""Session feedback: attendees rate a session (1-5, optional comment) from its start until some
days after the event; organisers see counts, averages, comments and an export; speakers see
their own sessions' results through a private link once the organisers release them."""
