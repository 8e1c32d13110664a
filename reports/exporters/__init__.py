"""Spreadsheet exports of the reports app (openpyxl): Phụ lục I workbooks and petition detail exports."""
