-- Requests per client address and minute to the public endpoints (offer acceptance, domain
-- check, partnership links, sign-in, registration), counted in the database so that every
-- server behind a load balancer shares one count (issue #11).
CREATE TABLE public_rate_windows (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);
CREATE INDEX public_rate_windows_window ON public_rate_windows (window_start);
