//! A structural check of OLE compound files (the container of XLS) before
//! calamine reads them. calamine trusts the sector numbers and stream sizes
//! it finds, and indexes out of bounds or allocates gigabytes on a damaged
//! file; in the browser that aborts the worker. Checking that every sector
//! number points inside the file and every stream fits in it turns such
//! files into an ordinary "damaged workbook" message.

const FREESECT: u32 = 0xFFFF_FFFF;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Values at or above this are markers, not sector numbers.
const MAX_REGSECT: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// `Err(reason)` when the container is inconsistent.
pub fn check(b: &[u8]) -> Result<(), String> {
    let bad = |what: &str| Err(format!("damaged container: {what}"));
    let shift = u16_at(b, 30).unwrap_or(0);
    if shift != 9 && shift != 12 {
        return bad("sector size");
    }
    let ss = 1usize << shift;
    if b.len() < ss * 2 {
        return bad("file too short");
    }
    let n = (b.len() / ss - 1) as u32;
    let sector = |id: u32| b.get((id as usize + 1) * ss..(id as usize + 2) * ss);
    let field = |at| u32_at(b, at).unwrap_or(FREESECT);
    let (fat_count, dir_start, minifat_start, minifat_count, difat_start, difat_count) =
        (field(44), field(48), field(60), field(64), field(68), field(72));
    if fat_count == 0 || fat_count > n || minifat_count > n || difat_count > n || dir_start >= n {
        return bad("header counts");
    }
    // FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(b, 76 + 4 * i))
        .filter(|&s| s != FREESECT)
        .collect();
    let mut next = difat_start;
    for _ in 0..difat_count {
        if next >= n {
            return bad("DIFAT chain");
        }
        let Some(sec) = sector(next) else {
            return bad("DIFAT sector");
        };
        let per = ss / 4 - 1;
        fat_sectors.extend((0..per).filter_map(|i| u32_at(sec, 4 * i)).filter(|&s| s != FREESECT));
        next = u32_at(sec, 4 * per).unwrap_or(ENDOFCHAIN);
    }
    fat_sectors.truncate(fat_count as usize);
    if fat_sectors.len() != fat_count as usize || fat_sectors.iter().any(|&s| s >= n) {
        return bad("FAT sector list");
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * ss / 4);
    for &s in &fat_sectors {
        let Some(sec) = sector(s) else {
            return bad("FAT sector");
        };
        fat.extend((0..ss / 4).filter_map(|i| u32_at(sec, 4 * i)));
    }
    if fat.len() < n as usize || fat.iter().take(n as usize).any(|&e| e >= n && e < MAX_REGSECT) {
        return bad("FAT entries");
    }
    if minifat_start != ENDOFCHAIN && minifat_start >= n {
        return bad("mini FAT start");
    }
    // Directory entries: every stream must fit in the file.
    let mut id = dir_start;
    let mut steps = 0;
    while id != ENDOFCHAIN {
        if id >= n || steps > n {
            return bad("directory chain");
        }
        let Some(sec) = sector(id) else {
            return bad("directory sector");
        };
        for entry in sec.chunks_exact(128) {
            let size = u64::from(u32_at(entry, 120).unwrap_or(0));
            let start = u32_at(entry, 116).unwrap_or(0);
            if size > b.len() as u64 || (size > 0 && start >= n && start < MAX_REGSECT && entry[66] != 0) {
                return bad("stream size");
            }
        }
        id = fat[id as usize];
        steps += 1;
    }
    Ok(())
}
