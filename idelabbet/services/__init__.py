"""Every write of Idélabbet, split by subdomain (HackSoftware style)."""
