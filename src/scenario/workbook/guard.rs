//! A workbook is a zip of XML files from anyone: it is checked before a spreadsheet library
//! opens it. Unpacked, it must stay small (a zip bomb is refused at the limit, never unpacked
//! whole), and it must hold no macros, no links to other files and no external data.

use std::io::{Cursor, Read};

use super::at_file;
use crate::scenario::diagnostic::{Code, Diagnostic};

/// Most files inside a workbook (a case's workbook has about seventy, most of them notes).
pub const MAX_WORKBOOK_ENTRIES: usize = 1_000;
/// Most bytes a workbook may unpack to: several times what the largest case's sheets take.
pub const MAX_WORKBOOK_UNPACKED: u64 = 64 * 1024 * 1024;

/// Refuses what must not be read; `Ok` leaves the bytes to the spreadsheet reader.
pub fn check(file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    if file.to_lowercase().ends_with(".xlsm") {
        return Err(macros(file));
    }
    // an Excel file with an opening password, or an old .xls, is an OLE compound file
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(encrypted_or_old(file));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_workbook(file))?;
    if zip.len() > MAX_WORKBOOK_ENTRIES {
        return Err(at_file(
            file,
            Code::E020,
            format!(
                "工作簿里有 {} 个部件，超过上限 {MAX_WORKBOOK_ENTRIES} 个（没有读取）",
                zip.len()
            ),
            "案例工作簿只有十几张表；这个文件不像是 liandong 的案例。用 liandong case export 或 liandong new --xlsx 重新生成一个。",
        ));
    }
    let mut unpacked: u64 = 0;
    let mut content_types = String::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|_| not_a_workbook(file))?;
        let name = entry.name().map(|n| n.to_lowercase()).unwrap_or_default();
        if entry.encrypted() {
            return Err(encrypted(file));
        }
        if name.contains("vbaproject") || name.ends_with(".bin") && name.contains("vba") {
            return Err(macros(file));
        }
        if name.starts_with("xl/externallinks/") {
            return Err(external(file, "链接了其他工作簿的数据（外部链接）"));
        }
        if name == "xl/connections.xml" || name.starts_with("xl/querytables/") {
            return Err(external(file, "带有外部数据连接或查询"));
        }
        // read for real, never trusting the sizes the zip declares: stop one byte past the limit
        let left = MAX_WORKBOOK_UNPACKED - unpacked;
        // only the package's content types and relationships are looked into; the rest (the
        // sheets) is counted without being kept
        let looked_into = name == "[content_types].xml" || name.ends_with(".rels");
        let mut text = Vec::new();
        let mut limited = (&mut entry).take(left + 1);
        let read = if looked_into {
            limited.read_to_end(&mut text).map(|n| n as u64)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
        }
        .map_err(|_| not_a_workbook(file))?;
        unpacked += read;
        if unpacked > MAX_WORKBOOK_UNPACKED {
            return Err(at_file(
                file,
                Code::E020,
                format!(
                    "工作簿解压后超过 {} MB 的上限（没有继续解压）",
                    MAX_WORKBOOK_UNPACKED / 1024 / 1024
                ),
                "一个案例的工作簿解压后只有几百 KB；这个文件多半是压缩炸弹或别的大文件，不要打开它。",
            ));
        }
        if name == "[content_types].xml" {
            content_types = String::from_utf8_lossy(&text).into_owned();
        }
        if name.ends_with(".rels") && links_outside(&String::from_utf8_lossy(&text)) {
            return Err(external(file, "引用了工作簿以外的文件"));
        }
    }
    if content_types.to_lowercase().contains("macroenabled") {
        return Err(macros(file));
    }
    Ok(())
}

/// Whether a relationships part points outside the package for anything but a hyperlink (a
/// link in a cell is text to us, never followed).
fn links_outside(rels: &str) -> bool {
    rels.split("<Relationship")
        .skip(1)
        .any(|r| r.contains("TargetMode=\"External\"") && !r.contains("/hyperlink\""))
}

fn not_a_workbook(file: &str) -> Diagnostic {
    at_file(
        file,
        Code::E017,
        "这不是一个能读的 xlsx 工作簿（文件损坏，或者只是改了扩展名）",
        "在 Excel、WPS 或 LibreOffice 里打开它，另存为“Excel 工作簿（*.xlsx）”；旧的 .xls 格式也要这样另存。",
    )
}

fn encrypted_or_old(file: &str) -> Diagnostic {
    at_file(
        file,
        Code::E017,
        "工作簿设了打开密码，或者是旧的 .xls 格式，无法读取",
        "有密码的：在表格软件里取消密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）再保存；旧格式的：另存为“Excel 工作簿（*.xlsx）”。",
    )
}

fn encrypted(file: &str) -> Diagnostic {
    at_file(
        file,
        Code::E017,
        "工作簿设了打开密码（加密），无法读取",
        "在表格软件里取消密码（文件 › 信息 › 保护工作簿），再保存。",
    )
}

fn macros(file: &str) -> Diagnostic {
    at_file(
        file,
        Code::E028,
        "工作簿里带有宏（.xlsm 或 VBA 代码），liandong 不读带宏的文件",
        "案例用不到宏：在表格软件里“另存为 Excel 工作簿（*.xlsx）”，宏会被去掉，再检查新文件。",
    )
}

fn external(file: &str, what: &str) -> Diagnostic {
    at_file(
        file,
        Code::E028,
        format!("工作簿{what}，liandong 不读这样的文件"),
        "案例的内容要全部写在这个工作簿里：在表格软件里断开链接（数据 › 编辑链接 › 断开），或者把内容复制后“选择性粘贴为数值”，再保存。",
    )
}
