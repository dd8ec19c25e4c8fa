"""TOTP second factor for administrators (django-otp): enrolment at /account/2fa/, the
code after the password at /account/2fa/verify/, and the middleware that holds an
unverified administrator's session until then."""
