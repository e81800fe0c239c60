import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkZip, countCells, MAX_XLSX_CELLS, MAX_XLSX_PART_BYTES } from '../../../functions/core/parse/zip-guard.ts';

// Issue 23, memory: a workbook is refused by its cells before exceljs holds them, whatever its file size.

/** A one-part ZIP (deflated), sizes declared truthfully unless `declared` says otherwise. */
function archive(name: string, data: Buffer, declared = data.length): Buffer {
  const compressed = deflateRawSync(data);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fileName.length, 28);
  const directory = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(30 + fileName.length + compressed.length, 16);
  return Buffer.concat([local, fileName, compressed, directory, end]);
}

/** Sheet XML with `rows` rows of `columns` numeric cells, no <dimension> (so only counting can see its size). */
function sheet(rows: number, columns: number): Buffer {
  const parts = ['<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < columns; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${(r * 7 + c) % 97}</v></c>`;
    parts.push(`${row}</row>`);
  }
  parts.push('</sheetData></worksheet>');
  return Buffer.from(parts.join(''));
}

const limits = { maxUncompressedBytes: 200 * 1024 * 1024, maxRows: 1_000_000 };

describe('XLSX memory limits', () => {
  it('counts cells with and without a namespace prefix, and not other elements starting with c', () => {
    expect(countCells(Buffer.from('<sheetData><row><c r="A1"><v>1</v></c><c/><x:c r="B1"/></row></sheetData><cols><col/></cols><cfRule/>'))).toBe(3);
  });

  it('accepts a sheet at the cell limit and refuses one cell row more, without a <dimension> to go by', () => {
    const columns = 7;
    const rowsAtLimit = Math.floor(MAX_XLSX_CELLS / columns);
    expect(checkZip(archive('xl/worksheets/sheet1.xml', sheet(rowsAtLimit, columns)), limits)).toEqual({ ok: true });
    const over = checkZip(archive('xl/worksheets/sheet1.xml', sheet(rowsAtLimit + 1, columns)), limits);
    expect(over).toMatchObject({ ok: false, rule: 'sheet-too-large' });
    expect(over.ok ? '' : over.detail).toContain(`${((rowsAtLimit + 1) * columns).toLocaleString('en')} cells`);
  });

  it('refuses a sheet whose declared dimension is far beyond the limit', () => {
    const xml = Buffer.from('<worksheet><dimension ref="A1:Z900000"/><sheetData/></worksheet>');
    expect(checkZip(archive('xl/worksheets/sheet1.xml', xml), limits)).toMatchObject({ ok: false, rule: 'sheet-too-large', detail: expect.stringContaining('declares 23,400,000 cells') });
  });

  it('refuses a part declared above the part limit before inflating it', () => {
    const small = Buffer.from('<worksheet/>');
    expect(checkZip(archive('xl/sharedStrings.xml', small, MAX_XLSX_PART_BYTES + 1), limits)).toMatchObject({ ok: false, rule: 'expands-too-large', detail: expect.stringContaining('xl/sharedStrings.xml') });
  });

  it('suggests CSV with the row limit in force', () => {
    const xml = Buffer.from('<worksheet><dimension ref="A1:Z900000"/><sheetData/></worksheet>');
    expect(checkZip(archive('xl/worksheets/sheet1.xml', xml), { ...limits, maxRows: 1234 })).toMatchObject({ detail: expect.stringContaining('export the data as CSV (up to 1,234 rows)') });
    // Incompressible bytes, so that the declared size passes the ratio check and meets the part limit.
    const noise = randomBytes(300_000);
    expect(checkZip(archive('xl/worksheets/sheet1.xml', noise, MAX_XLSX_PART_BYTES + 1), limits)).toMatchObject({ detail: expect.stringContaining('export the data as CSV (up to 1,000,000 rows)') });
  });
});
