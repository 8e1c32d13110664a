"""The public "Đối thoại doanh nghiệp" folder (issue 10): notices, published answers and numbers per body and year."""
