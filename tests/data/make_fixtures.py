#!/usr/bin/env python3
"""Writes the small test fixtures in tests/data. The outputs are committed;
this script documents exactly how each byte was made and regenerates them:

    pip install openpyxl==3.* xlwt==1.3.0 odfpy==1.4.*   # only for the workbooks
    python3 tests/data/make_fixtures.py

Every expected value in crates/analytics/tests/*.rs and tests/e2e/*.mjs is
worked out by hand from the rows below.
"""
import datetime as dt
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# 1. Polish order lines: Windows-1250, ';', decimal commas with space
#    thousands, dd.mm.yyyy dates. Row 5 (spreadsheet numbering: header = 1)
#    has a bad date, row 8 a bad amount. 10 data rows.
PL = """Numer zamówienia;Data zamówienia;Klient;Produkt;Ilość;Cena jednostkowa;Wartość;Miasto
ZAM/2024/001;05.01.2024;K-001;Łyżka żółta;2;12,50;25,00;Łódź
ZAM/2024/002;17.01.2024;K-002;Kubek;1;1 234,56;1 234,56;Kraków
ZAM/2024/003;03.02.2024;K-001;Świeca;3;7,99;23,97;Łódź
ZAM/2024/004;31.02.2024;K-003;Pióro;1;45,00;45,00;Gdańsk
ZAM/2024/005;29.02.2024;K-004;Zeszyt;10;3,20;32,00;Poznań
ZAM/2024/006;15.03.2024;K-002;Kubek;-1;1 234,56;-1 234,56;Kraków
ZAM/2024/007;01.04.2024;K-005;Gąbka;4;2,05;brak;Wrocław
ZAM/2024/008;12.04.2024;K-003;Pióro;2;45,00;90,00;Gdańsk
ZAM/2024/009;30.04.2024;K-006;Ręcznik;1;59,90;59,90;Białystok
ZAM/2024/010;13.05.2024;K-001;Łyżka żółta;6;12,50;75,00;Łódź
"""
write("orders_pl_cp1250.csv", PL.replace("\n", "\r\n").encode("cp1250"))

# 2. The same kind of file in ISO-8859-2 (Latin-2) and German Windows-1252.
write("klienci_latin2.csv", "Klient;Miejscowość;Województwo;Źródło pozyskania\nŁukasz Żółkiewski;Łódź;łódzkie;polecenie\nZofia Świątek;Kraków;małopolskie;reklama\nJerzy Gąsiorowski;Częstochowa;śląskie;polecenie\nAgnieszka Wiśniewska;Gdańsk;pomorskie;wyszukiwarka\n".encode("iso-8859-2"))
write("kunden_cp1252.csv", "Kundennummer;Name;Straße;Größe;Umsatz\n1001;Müller GmbH;Hauptstraße 5;groß;1.234,50\n1002;Jäger & Söhne;Königsallee 12;klein;987,00\n1003;Weiß AG;Schloßplatz 1;mittel;12.000,00\n".encode("cp1252"))

# 3. UTF-8 with BOM, UTF-16 LE and BE with BOM (Excel's "Unicode text" is tab-separated UTF-16 LE).
UNI = "customer\tcity\tamount\nȘtefan Popescu\tBucurești\t10.5\nԱրամ Հակոբյան\tԵրևան\t20\n"
write("utf8_bom.csv", b"\xef\xbb\xbf" + "client;oraș;valoare\nȘtefan;București;12,5\nIoana;Iași;7\n".encode("utf-8"))
write("utf16le_bom.txt", b"\xff\xfe" + UNI.encode("utf-16-le"))
write("utf16be_bom.txt", b"\xfe\xff" + UNI.encode("utf-16-be"))

# 4. Delimiters, quoting, no header, whitespace-aligned.
write("pipe.txt", b"id|name|total\n1|Ann|10\n2|Bob|20\n3|Cy|30\n")
write("tabs.tsv", b"id\tname\ttotal\n1\tAnn\t10.5\n2\tBob\t20.25\n")
write("whitespace.txt", b"id    name      total\n1     Ann       10\n2     Bob       200\n3     Cyd       3000\n")
write("quoted.csv", b'id,comment,amount\n1,"Hello, world",1.5\n2,"He said ""hi""",2.5\n3,"two\nlines",3.5\n')
write("no_header.csv", b"2024-01-05,C1,10.50\n2024-01-06,C2,20.00\n2024-01-07,C1,5.25\n")

# 5. Numbers, currencies, percentages, dates, booleans (one column per form).
NUM = [
    ("comma_dot", ["1.234,56", "2.000,00", "-3,5"]),
    ("space_comma", ["1 234,56", "2 000,00", "3,5"]),
    ("dot_comma", ["1,234.56", "2,000.00", "-3.5"]),
    ("apostrophe", ["1'234.56", "2'000.00", "3.5"]),
    ("zloty", ["1 234,56 zł", "12,00 zł", "0,99 zł"]),
    ("euro", ["€1,234.56", "€12.00", "€0.99"]),
    ("lei", ["1.234,56 lei", "12,00 lei", "0,99 lei"]),
    ("dollar", ["$1,234.56", "$12.00", "-$0.99"]),
    ("codes", ["1234,56 PLN", "12,00 PLN", "0,99 PLN"]),
    ("dram", ["1 234 AMD", "12 000 AMD", "99 AMD"]),
    ("percent", ["12,5%", "100%", "0,5%"]),
    ("ints", ["1", "-22", "333"]),
]
rows = [";".join(n for n, _ in NUM)] + [";".join(v[i] for _, v in NUM) for i in range(3)]
write("numbers_eu.csv", ("\n".join(rows) + "\n").encode("utf-8"))
DATES = [
    ("iso", ["2024-03-15", "2024-12-31", "2025-01-01"]),
    ("dotted", ["15.03.2024", "31.12.2024", "01.01.2025"]),
    ("slash_dmy", ["15/03/2024", "31/12/2024", "01/01/2025"]),
    ("slash_mdy", ["03/15/2024", "12/31/2024", "01/01/2025"]),
    ("compact", ["20240315", "20241231", "20250101"]),
    ("with_time", ["2024-03-15 14:30:00", "2024-12-31 23:59:59", "2025-01-01T00:00:00"]),
    ("dotted_time", ["15.03.2024 14:30", "31.12.2024 08:05", "01.01.2025 00:00"]),
]
rows = [",".join(n for n, _ in DATES)] + [",".join(v[i] for _, v in DATES) for i in range(3)]
write("dates.csv", ("\n".join(rows) + "\n").encode("utf-8"))
BOOLS = [("en", ["yes", "no", "Yes"]), ("pl", ["tak", "nie", "TAK"]), ("de", ["ja", "nein", "Ja"]),
         ("ro", ["da", "nu", "DA"]), ("tf", ["true", "false", "TRUE"]), ("is_returned", ["1", "0", "1"])]
rows = [",".join(n for n, _ in BOOLS)] + [",".join(v[i] for _, v in BOOLS) for i in range(3)]
write("booleans.csv", ("\n".join(rows) + "\n").encode("utf-8"))

# 6. JSON, wrapped JSON, NDJSON (one bad line).
RECS = [{"order_id": "A1", "date": "2024-01-05", "customer": "C1", "amount": 10.5, "paid": True},
        {"order_id": "A2", "date": "2024-01-06", "customer": "C2", "amount": 20, "paid": False, "note": "late"},
        {"order_id": "A3", "date": "2024-01-07", "customer": "C1", "amount": None, "paid": True}]
write("orders.json", json.dumps(RECS, indent=1).encode())
write("wrapped.json", json.dumps({"meta": {"count": 3}, "data": RECS}).encode())
write("orders.ndjson", ("\n".join(json.dumps(r) for r in RECS[:2]) + "\n{not json}\n" + json.dumps(RECS[2]) + "\n").encode())

# 7. Workbooks: the same customer list as XLSX (dates as real date cells,
#    one typed as a serial number in a second sheet), XLS and ODS.
CUSTOMERS = [
    ("Kundennummer", "Name", "Land", "Branche", "Registrierungsdatum", "Umsatz"),
    ("K-100", "Müller GmbH", "Germany", "Retail", dt.date(2023, 1, 15), 1234.5),
    ("K-101", "Popescu SRL", "Romania", "Manufacturing", dt.date(2023, 6, 1), 99.99),
    ("K-102", "Nowak Sp. z o.o.", "Poland", "Retail", dt.date(2024, 2, 29), 0),
    ("K-103", "Hakobyan LLC", "Armenia", "Technology", "unbekannt", 15000),
    ("K-104", "Dubois SARL", "France", "Healthcare", dt.date(2024, 12, 31), 250.25),
]


def make_xlsx():
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kunden"
    for r in CUSTOMERS:
        ws.append(list(r))
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for c in row:
            if isinstance(c.value, dt.date):
                c.number_format = "DD.MM.YYYY"
    s2 = wb.create_sheet("Serials")
    s2.append(["customer", "signup date", "amount"])
    # 45366 = 2024-03-15 and 45292 = 2024-01-01 as plain numbers (no date format).
    s2.append(["C1", 45366, 10])
    s2.append(["C2", 45292, 20])
    wb.save(os.path.join(HERE, "kunden.xlsx"))


def make_xls():
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Kunden")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r, row in enumerate(CUSTOMERS):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write(r, c, dt.datetime(v.year, v.month, v.day), date_style)
            else:
                ws.write(r, c, v)
    wb.save(os.path.join(HERE, "kunden.xls"))


def make_ods():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Kunden")
    for row in CUSTOMERS:
        tr = TableRow()
        for v in row:
            if isinstance(v, dt.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=v)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(os.path.join(HERE, "kunden.ods"))


make_xlsx()
make_xls()
make_ods()

# 8. Files that cannot be read.
with open(os.path.join(HERE, "kunden.xlsx"), "rb") as f:
    xlsx = f.read()
write("truncated.xlsx", xlsx[: len(xlsx) // 2])
rnd = random.Random(42)
write("junk.csv", bytes(rnd.randrange(256) for _ in range(2048)))
write("empty.csv", b"")
write("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
print("fixtures written to", HERE)
