"""Messages to delegates: an email composed by organisers for a segment of one edition, sent now
or at a set time, once per recipient and in their language, through the outbox."""
