"""Digital signatures on issued documents (PAdES, pyHanko): the signer's signature on the frozen file (uploaded, or
through a remote-signing service), the body's signature (its electronic seal) at issue from a PKCS#11 key, and
their validation for staff and for the public verification page."""
