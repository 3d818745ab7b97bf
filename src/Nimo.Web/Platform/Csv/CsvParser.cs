using System.Text;

namespace Nimo.Platform.Csv;

/// <summary>RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks; CRLF, LF or CR end a record.</summary>
public static class CsvParser
{
    public static bool TryParse(string text, out List<List<string>> records, out string? error)
    {
        records = [];
        error = null;
        var record = new List<string>();
        var cell = new StringBuilder();
        var inQuotes = false;
        var cellWasQuoted = false;
        var recordNumber = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    cell.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when cell.ToString().Trim().Length == 0 && !cellWasQuoted:
                    cell.Clear();
                    inQuotes = true;
                    cellWasQuoted = true;
                    break;
                case '"':
                    error = $"{recordNumber}行目: 引用符「\"」の位置が正しくありません(セルの途中の「\"」は「\"\"」と2つ重ねてください)。";
                    return false;
                case ',':
                    record.Add(cell.ToString());
                    cell.Clear();
                    cellWasQuoted = false;
                    break;
                case '\r' or '\n':
                    record.Add(cell.ToString());
                    cell.Clear();
                    cellWasQuoted = false;
                    records.Add(record);
                    record = [];
                    recordNumber++;
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    if (cellWasQuoted && !char.IsWhiteSpace(c))
                    {
                        error = $"{recordNumber}行目: 引用符「\"」で囲んだセルの後に文字があります。";
                        return false;
                    }

                    cell.Append(c);
                    break;
            }

            i++;
        }

        if (inQuotes)
        {
            error = $"{recordNumber}行目: 引用符「\"」が閉じられていません。";
            return false;
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add(record);
        }

        return true;
    }
}
