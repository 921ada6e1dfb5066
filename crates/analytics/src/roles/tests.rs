use super::*;
use crate::table::ColumnType;
use synonyms::normalize;

fn field_of(header: &str, ty: ColumnType, role: Role) -> Option<Field> {
    let n = normalize(header);
    let mut best = (0.0f32, None);
    for f in Field::all() {
        let s = header_score(&n, f)
            + if role.signature().iter().any(|(g, _)| *g == f) {
                0.01
            } else {
                0.0
            };
        if s > best.0 + 1e-6 && f.fits(ty) {
            best = (s, Some(f));
        }
    }
    best.1
}

#[test]
fn headers_in_six_languages() {
    use ColumnType::*;
    let cases = [
        ("Kunde", Text, Field::CustomerId),
        ("klient", Text, Field::CustomerId),
        ("Kundennummer", Text, Field::CustomerId),
        ("Data zamówienia", Date, Field::OrderDate),
        ("Rechnungsdatum", Date, Field::OrderDate),
        ("suma", Decimal, Field::Amount),
        ("Betrag", Decimal, Field::Amount),
        ("valoare", Decimal, Field::Amount),
        ("Montant", Decimal, Field::Amount),
        ("Importe", Decimal, Field::Amount),
        ("Ilość", Integer, Field::Quantity),
        ("Cantidad", Integer, Field::Quantity),
        ("Numer zamówienia", Text, Field::OrderId),
        ("N° de commande", Text, Field::OrderId),
        ("Cena jednostkowa", Decimal, Field::UnitPrice),
    ];
    for (header, ty, want) in cases {
        assert_eq!(field_of(header, ty, Role::Orders), Some(want), "{header}");
    }
}

#[test]
fn header_hints_keep_ids_as_text() {
    assert!(header_hints("Kundennummer").identifier);
    assert!(header_hints("Order ID").identifier);
    assert!(!header_hints("Order date").identifier);
    assert!(header_hints("Order date").date);
    assert!(header_hints("Zwrot").flag);
    assert!(!header_hints("Kwota").identifier);
}

#[test]
fn role_keys_round_trip() {
    for r in Role::ALL {
        assert_eq!(Role::from_key(r.key()), Some(r));
    }
    for f in Field::all() {
        assert_eq!(Field::from_key(&f.key()), Some(f));
    }
}

#[test]
fn signature_ignores_case_and_accents_only() {
    let a = header_signature(&["Kwota".into(), "Data zamówienia".into()]);
    let b = header_signature(&["KWOTA".into(), "data zamowienia".into()]);
    let c = header_signature(&["Data zamówienia".into(), "Kwota".into()]);
    assert_eq!(a, b);
    assert_ne!(a, c);
}
