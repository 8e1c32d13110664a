"""The outgoing-documents register (sổ văn bản đi): every official document's review, signature, number and issue."""
