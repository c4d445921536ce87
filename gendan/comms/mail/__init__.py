"""E-mail: reading messages (IMAP, .mbox/.eml files), storing, linking, threading, sending.

``parse`` turns raw bytes into a ``ParsedMessage``; ``ingest`` stores one idempotently
(``message_ingest``); ``imap`` fetches mailboxes incrementally; ``mbox`` reads history
files; ``send`` composes and sends through a mailbox's SMTP server.
"""
