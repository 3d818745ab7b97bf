using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;

namespace Nimo.Tests.Robustness;

/// <summary>What the crawler puts in one control: the values sent (none for an unticked box), a file, and whether the value should read back.</summary>
public sealed record Filled(string Name, IReadOnlyList<string> Values, bool Distinctive, (string FileName, byte[] Bytes)? File = null);

/// <summary>
/// A plausible valid value for every control of a form, as a person at a 保健所 or a 県庁 would type it: names in kanji
/// with their ふりがな, addresses, phone numbers, a few sentences of natural Japanese, dates inside the range the page
/// allows, numbers in range, a real option of each select (chosen by the seed), every box ticked, and a small file of
/// the kind an import or a meeting's documents take. Chosen by the control's name, type, label and the form's route;
/// a type it does not know is an error that says what to add here.
/// </summary>
public sealed partial class ValidValues(int seed, DateOnly today)
{
    private static readonly (string Family, string FamilyKana)[] Families =
    [
        ("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"), ("渡辺", "わたなべ"),
        ("伊藤", "いとう"), ("中村", "なかむら"), ("小林", "こばやし"), ("加藤", "かとう"), ("吉田", "よしだ"), ("松本", "まつもと"),
        ("井上", "いのうえ"), ("木村", "きむら"), ("林", "はやし"), ("清水", "しみず"), ("森", "もり"), ("池田", "いけだ"),
    ];

    private static readonly (string Given, string GivenKana)[] Givens =
    [
        ("花子", "はなこ"), ("太郎", "たろう"), ("和子", "かずこ"), ("健一", "けんいち"), ("美咲", "みさき"), ("誠", "まこと"),
        ("由美", "ゆみ"), ("翔太", "しょうた"), ("陽子", "ようこ"), ("大輔", "だいすけ"), ("恵", "めぐみ"), ("修", "おさむ"),
        ("千尋", "ちひろ"), ("次郎", "じろう"), ("里美", "さとみ"), ("浩二", "こうじ"),
    ];

    private static readonly (string Name, string Kana)[] Organisations =
    [
        ("さくら台相談支援センター", "さくらだいそうだんしえんせんたー"), ("みなと訪問看護ステーション", "みなとほうもんかんごすてーしょん"),
        ("ひだまり地域活動支援センター", "ひだまりちいきかつどうしえんせんたー"), ("若葉こころのクリニック", "わかばこころのくりにっく"),
        ("青葉台病院", "あおばだいびょういん"), ("けやき就労継続支援事業所", "けやきしゅうろうけいぞくしえんじぎょうしょ"),
    ];

    private static readonly string[] Addresses =
    [
        "東京都目黒区上目黒二丁目19番15号", "埼玉県川口市青木二丁目1番1号", "岡山県倉敷市西中新田640番地", "東京都文京区春日一丁目16番21号",
        "埼玉県さいたま市浦和区高砂三丁目15番1号",
    ];

    private static readonly string[] Sentences =
    [
        "本人は退院後も自宅で暮らしたいと話しており、週に一度の訪問看護を受け入れている。",
        "家族からは、夜間に不安が強くなったときの連絡先を知りたいとの要望があった。",
        "主治医と相談のうえ、服薬の管理は訪問看護師が週二回確認することになった。",
        "地域活動支援センターの見学に同行し、本人は次回から通ってみたいと話した。",
        "民生委員から、近所付き合いの中で見守りを続けるとの申し出があった。",
        "相談支援専門員が計画相談を引き受け、障害福祉サービスの申請を支援する。",
        "協議の場では、住まいの確保と日中の居場所づくりを今年度の重点とすることを確認した。",
        "ピアサポーターの体験談を交えた研修を、秋に地域の関係機関向けに開くことにした。",
    ];

    /// <summary>
    /// Opening times as a leaflet gives them, in the words the directory shows them back with (it stores the RFC 5545 rule
    /// and writes the line again from it, so only these forms read back letter for letter).
    /// </summary>
    private static readonly string[] ScheduleLines = ["毎週火曜 13:30〜15:00", "平日(月〜金) 8:30〜17:15", "毎月第2土曜 10:00〜12:00", "毎月15日", "月1回"];

    private readonly Random _random = new(seed);
    private string Route { get; set; } = "";
    private int _serial;

    /// <summary>The demo user's password, for forms that ask for the current one.</summary>
    public string CurrentPassword { get; set; } = DemoData.DemoPassword;

    /// <summary>The demo account the anonymous login form signs in as.</summary>
    public string SignInAs { get; set; } = "bunkyo";

    public static readonly string NewPassword = "sakura-nimo-2026-kawazakura";

    /// <summary>Fills every control of <paramref name="form"/>. <paramref name="page"/> is the whole page (for the 2FA key, the import's columns).</summary>
    public List<Filled> Fill(string route, PageForm form, string page)
    {
        _serial++;
        Route = route;
        var person = (Family: Families[(_serial * 7 + seed) % Families.Length], Given: Givens[(_serial * 5 + seed) % Givens.Length]);
        var filled = new List<Filled>();
        // What a text of a row said its kind is (an attendee line that names a police station), for the kind select of that row.
        var kindOfRow = new Dictionary<string, string>(StringComparer.Ordinal);
        var radios = new HashSet<string>(StringComparer.Ordinal);
        foreach (var people in form.Controls.Select(c => RowPrefix(c.Name)).Where(IsPeopleRow).Distinct())
        {
            kindOfRow[people] = new[] { "警察", "本人", "家族" }[(RowIndex(people) + _serial) % 3];
        }

        foreach (var control in form.Controls)
        {
            var leaf = Leaf(control.Name);
            var row = RowPrefix(control.Name);
            if (control.Has("disabled"))
            {
                continue;
            }

            if (control.Has("readonly"))
            {
                filled.Add(new Filled(control.Name, [control.Value], false));
                continue;
            }

            switch (control.Type)
            {
                case "hidden":
                    if (control.Name != "__RequestVerificationToken")
                    {
                        filled.Add(new Filled(control.Name, [control.Value], false));
                    }

                    break;
                case "checkbox":
                    if (!Prefer(route, leaf, out var tick) || tick == control.Value)
                    {
                        filled.Add(new Filled(control.Name, [control.Value], false));
                    }

                    break;
                case "radio":
                    if (radios.Add(control.Name))
                    {
                        var choices = form.Controls.Where(c => c.Type == "radio" && c.Name == control.Name).Select(c => c.Value).ToList();
                        filled.Add(new Filled(control.Name, [choices[_random.Next(choices.Count)]], false));
                    }

                    break;
                case "select" or "select-multiple":
                    // A row offers a registered organisation or the name of one that is not registered: a person does one or
                    // the other, so even rows pick from the list and odd rows type the name.
                    var freeText = row.Length > 0 && leaf == "organizationid" && form.Controls.Any(c => c.Name.StartsWith(row, StringComparison.Ordinal) && Leaf(c.Name) is "affiliation" or "provider");
                    // A supporter who does every activity, 入院者訪問 included, is an 入院者訪問支援員: the form's rule, said on the form.
                    var kindOfSupporter = route.StartsWith("Peer/Supporter", StringComparison.Ordinal) && leaf == "kind" && control.Options.Any(o => o.Value == "Visitor");
                    filled.Add(new Filled(control.Name, [kindOfSupporter ? "Visitor" : freeText && (IsPeopleRow(row) || RowIndex(row) % 2 == 1) ? "" : Choose(control, kindOfRow.GetValueOrDefault(row))], false));
                    break;
                case "password":
                    filled.Add(new Filled(control.Name, [leaf.Contains("current", StringComparison.Ordinal) || leaf == "password" && !route.StartsWith("Account/Manage/ChangePassword", StringComparison.Ordinal) ? CurrentPassword : NewPassword], false));
                    break;
                case "date":
                    filled.Add(new Filled(control.Name, [Date(control, leaf).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], false));
                    break;
                case "time":
                    // A span is typed as a person would: its end after its start (「から」 10:00, 「まで」 16:00 for From/To pairs).
                    filled.Add(new Filled(control.Name, [leaf.Contains("end", StringComparison.Ordinal) ? "15:30" : leaf.Contains("start", StringComparison.Ordinal) ? "14:00"
                        : leaf == "to" ? "16:00" : leaf == "from" ? "10:00" : "09:00"], false));
                    break;
                case "number":
                    filled.Add(new Filled(control.Name, [Number(control, leaf)], false));
                    break;
                case "month":
                    filled.Add(new Filled(control.Name, [today.ToString("yyyy-MM", CultureInfo.InvariantCulture)], false));
                    break;
                case "file":
                    filled.Add(File(control, page, form));
                    break;
                case "text" or "textarea" or "search" or "email" or "tel" or "url":
                    var picked = row.Length > 0 && leaf is "affiliation" or "provider"
                        && form.Controls.Any(c => c.Name == row + ".OrganizationId") && !IsPeopleRow(row) && RowIndex(row) % 2 == 0;
                    var (text, kind) = picked ? ("", null) : Text(route, control, leaf, row, person, page);
                    if (kind is not null)
                    {
                        kindOfRow[row] = kind;
                    }

                    var max = int.TryParse(control.Attr("maxlength"), CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue;
                    if (text.Length > max)
                    {
                        text = text[..max];
                    }

                    filled.Add(new Filled(control.Name, [text], IsDistinctive(text)));
                    break;
                default:
                    throw new NotSupportedException(
                        $"The valid-submission crawler has no value for <{control.Element} type=\"{control.Type}\" name=\"{control.Name}\"> on {form.Action}: add the type to ValidValues.Fill (tests/Nimo.Tests/Robustness/ValidValues.cs).");
            }
        }

        // A CSV goes in the character set the form was told it is in (Excel on a municipal PC saves Shift_JIS).
        if (filled.FirstOrDefault(f => f.Name == "encoding")?.Values[0] == "sjis" && filled.FindIndex(f => f.File is not null) is var i and >= 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var file = filled[i].File!.Value;
            filled[i] = filled[i] with { File = (file.FileName, Encoding.GetEncoding(932).GetBytes(Encoding.UTF8.GetString(file.Bytes).TrimStart('\uFEFF'))) };
        }

        return filled;
    }

    /// <summary>Text that proves a save when it reads back: not a bare number, date, code or phone number someone else may also show.</summary>
    private static bool IsDistinctive(string text) =>
        text.StartsWith("crawler-", StringComparison.Ordinal) || text.Length >= 2 && text.Any(c => char.IsLetter(c) && !char.IsAscii(c));

    private static string Leaf(string name)
    {
        var last = name.Split('.')[^1];
        return IndexSuffix().Replace(last, "").ToLowerInvariant();
    }

    /// <summary>"Input.Attendees[1]." for "Input.Attendees[1].Name": the row a control belongs to.</summary>
    private static string RowPrefix(string name) => name.Contains(']', StringComparison.Ordinal) ? name[..(name.LastIndexOf(']') + 1)] : "";

    /// <summary>
    /// The meaningful choice where the options depend on each other: a region added by hand is a 日常生活圏域 (a
    /// municipality comes with its 団体コード from the prefectures table), and an area carries no municipality flags.
    /// </summary>
    private static readonly Dictionary<string, string> Preferences = new(StringComparer.Ordinal)
    {
        ["Regions/Edit|kind"] = "DailyLifeArea",
        ["Regions/Edit|flags"] = "",
        ["Regions/Edit|parentid"] = "label:(市区町村)",
        // 対象地域 is only for a figure that describes another region (県全体の退院率); a region's own figures leave it empty.
        ["Profiles/Edit|arearegionid"] = "",
        // A training open to all is what anyone may register; a family class is for the organiser's own staff.
        ["Events/Edit|kind"] = "Training",
        ["Events/Edit|markedsensitive"] = "",
        // Held in a room, so that its 会場 is kept (an online event keeps none).
        ["Events/Edit|format"] = "InPerson",
        // A matrix keeps both the choices (its columns) and the rows the crawler types; other kinds drop one or both.
        ["Surveys/Questions|kind"] = "Matrix",
        // The same for an event made from a survey's 取組.
        ["Surveys/ToEvent|kind"] = "Training",
        ["Surveys/ToEvent|format"] = "InPerson",
        // A place with an address, so that its 町名・番地 is kept (an online place keeps only its URL).
        ["Directory/Location|type"] = "Physical",
        // A peer request from a hospital suits every kind of activity; one from an inpatient is only for 入院者訪問, and
        // 入院者訪問 only for those two (Dispatch's rule), so a random pair of the two selects was refused now and then.
        ["Peer/Request|requesterkind"] = "Hospital",
    };

    private static bool Prefer(string route, string leaf, out string value)
    {
        foreach (var (key, v) in Preferences)
        {
            var split = key.Split('|');
            if (route.StartsWith(split[0], StringComparison.Ordinal) && leaf == split[1])
            {
                value = v;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>A row of people present (attendees, guests): each typed as a line of its own, none of them a registered organisation.</summary>
    private static bool IsPeopleRow(string row) => row.Contains("Attendees", StringComparison.Ordinal) || row.Contains("Guests", StringComparison.Ordinal);

    private static int RowIndex(string row) =>
        int.TryParse(Regex.Match(row, @"\[(\d+)\]$").Groups[1].Value, CultureInfo.InvariantCulture, out var r) ? r : 0;

    private string Choose(FormControl control, string? kindHint)
    {
        // 「(選ぶ)」「(なし)」 and an empty value are the absence of a choice, not a choice.
        var options = control.Options.Where(o => o.Value.Length > 0 && !Regex.IsMatch(o.Label, @"^[(（][^)）]*[)）]$")).ToList();
        if (options.Count == 0)
        {
            return control.Value;
        }

        if (Prefer(Route, Leaf(control.Name), out var preferred))
        {
            if (preferred.StartsWith("label:", StringComparison.Ordinal) && options.FirstOrDefault(o => o.Label.Contains(preferred[6..], StringComparison.Ordinal)) is { Value.Length: > 0 } labelled)
            {
                return labelled.Value;
            }

            if (preferred.Length == 0 || options.Any(o => o.Value == preferred))
            {
                return preferred;
            }
        }

        if (kindHint is not null && options.FirstOrDefault(o => o.Label.Contains(kindHint, StringComparison.Ordinal)) is { Value.Length: > 0 } meant)
        {
            return meant.Value;
        }

        return options[_random.Next(options.Count)].Value;
    }

    private DateOnly Date(FormControl control, string leaf)
    {
        DateOnly value;
        if (leaf.Contains("birth", StringComparison.Ordinal) || leaf == "born")
        {
            value = new DateOnly(1984, 6, 15).AddDays(_random.Next(0, 3000));
        }
        else if (leaf.Contains("admitted", StringComparison.Ordinal))
        {
            value = today.AddDays(-30);
        }
        else if (leaf.Contains("planneddischarge", StringComparison.Ordinal))
        {
            value = today.AddDays(14);
        }
        else if (leaf is "termend")
        {
            value = today.AddYears(2);
        }
        else if (leaf.Contains("expires", StringComparison.Ordinal))
        {
            value = today.AddYears(1);
        }
        else if (leaf is "until")
        {
            value = today.AddMonths(3);
        }
        else if (leaf is "due")
        {
            value = today.AddDays(30);
        }
        else if (leaf is "from")
        {
            value = today.AddYears(-1);
        }
        else
        {
            value = today;
        }

        if (DateOnly.TryParse(control.Attr("min"), CultureInfo.InvariantCulture, out var min) && value < min)
        {
            value = min;
        }

        if (DateOnly.TryParse(control.Attr("max"), CultureInfo.InvariantCulture, out var max) && value > max)
        {
            value = max;
        }

        return value;
    }

    private string Number(FormControl control, string leaf)
    {
        var hasMin = decimal.TryParse(control.Attr("min"), CultureInfo.InvariantCulture, out var min);
        var hasMax = decimal.TryParse(control.Attr("max"), CultureInfo.InvariantCulture, out var max);
        // An age range reads lower to upper (a 若年者 service: 15 to 39).
        if (leaf is "minimumage" or "maximumage")
        {
            return leaf == "minimumage" ? "15" : "39";
        }

        decimal value = leaf switch
        {
            var l when l.Contains("year", StringComparison.Ordinal) => today.Month >= 4 ? today.Year : today.Year - 1,
            "minutes" => 45,
            "months" => 3,
            "sortorder" => 10,
            "population" => 1200,
            _ => 5,
        };
        if (hasMin && hasMax)
        {
            value = min + Math.Round((max - min) * (decimal)_random.NextDouble());
            value = Math.Clamp(value, min, max);
        }
        else if (hasMin && value < min)
        {
            value = min;
        }
        else if (hasMax && value > max)
        {
            value = max;
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    private (string Text, string? Kind) Text(string route, FormControl control, string leaf, string row, ((string Family, string FamilyKana) Family, (string Given, string GivenKana) Given) person, string page)
    {
        var n = _serial;
        var personName = $"{person.Family.Family} {person.Given.Given}";
        var personKana = $"{person.Family.FamilyKana} {person.Given.GivenKana}";
        var organisation = Organisations[n % Organisations.Length];
        var rowIndex = RowIndex(row);
        string Sentences(int count) => string.Concat(Enumerable.Range(0, count).Select(i => ValidValues.Sentences[(n + i * 3 + seed) % ValidValues.Sentences.Length]))
            + $"次回は{(n % 28) + 1}日後に様子を確認する。";
        var inForm = (string part) => route.StartsWith(part, StringComparison.Ordinal);

        // An attendee or guest as a person types the line: the police officer, 本人 and a family member, in turn.
        if (IsPeopleRow(row))
        {
            return (leaf, (rowIndex + n) % 3) switch
            {
                ("name", 0) => ($"目黒警察署 生活安全課 巡査 {person.Family.Family}", "警察"),
                ("name", 1) => ($"{personName}(本人)", "本人"),
                ("name", _) => ($"{person.Family.Family} {Givens[(n + 3) % Givens.Length].Given}(母)", "家族"),
                ("affiliation", 0) => ("目黒警察署 生活安全課", null),
                ("affiliation", 1) => ("本人", null),
                ("affiliation", _) => ("家族", null),
                _ => ("出席", null),
            };
        }

        // A survey question's choices and a matrix's rows, each a different label, as a secretariat writes them.
        if (inForm("Surveys/Questions") && leaf is "choices" or "rows")
        {
            string[] labels = leaf == "choices" ? ["十分できている", "ある程度できている", "あまりできていない", "できていない", "わからない", "該当なし", "その他の回答", "未定の回答"]
                : ["医療との連携", "障害福祉との連携", "介護との連携", "住まいの支援", "社会参加・就労", "相談窓口", "地域の助け合い", "普及啓発"];
            return (labels[rowIndex % labels.Length], null);
        }

        // A row of opening times, written as people write them on a leaflet.
        if (row.Contains("Schedules", StringComparison.Ordinal) && leaf == "text")
        {
            return (ScheduleLines[(rowIndex + n) % ScheduleLines.Length], null);
        }

        // Numbers with a form of their own: a 法人番号 with its check digit, a 事業所番号 of the person's prefecture, a point in Japan.
        switch (leaf)
        {
            case "corporatenumber":
                return (CorporateNumber(n), null);
            case "officenumber":
                return (OfficeNumber(n), null);
            case "latitude":
                return ($"35.70{n % 90 + 10:D2}", null);
            case "longitude":
                return ($"139.75{n % 90 + 10:D2}", null);
        }

        // Codes are never guessed from a hint: a one-time code from the authenticator, a 団体コード with its check digit
        // (an area, which has none, leaves it empty).
        if (leaf == "code")
        {
            return (route.Contains("TwoFactor", StringComparison.Ordinal) ? TotpCode(page) : inForm("Regions") ? "" : $"{n:D6}", null);
        }

        // The page's own hints: a choice listed in the label (「(有・無)」), a format shown as the placeholder, a numeric keypad.
        if (Regex.Match(control.Label, @"[(（]([^()（）・]{1,3}(・[^()（）・]{1,3})+)[)）]") is { Success: true } choice)
        {
            return (choice.Groups[1].Value.Split('・')[0], null);
        }

        var placeholder = control.Attr("placeholder");
        if (placeholder.Length > 0 && Regex.IsMatch(placeholder, "年|月| / |、"))
        {
            var alternatives = placeholder.Split([" / ", "、"], StringSplitOptions.RemoveEmptyEntries);
            return (alternatives.FirstOrDefault(a => !a.Contains('年', StringComparison.Ordinal) && a.Any(char.IsAsciiDigit)) ?? alternatives[0], null);
        }

        if (control.Attr("inputmode") is "decimal" or "numeric")
        {
            return ($"{10 + (n * 7) % 90}", null);
        }

        return leaf switch
        {
            "kana" when inForm("Organizations") => (organisation.Kana, null),
            "kana" when inForm("Regions") => ("さくらだいし", null),
            _ when leaf.Contains("kana", StringComparison.Ordinal) => (personKana, null),
            "username" when inForm("Account/Login") => (SignInAs, null),
            "username" when inForm("Admin/Users/Edit") => ($"crawler-{n}", null),
            // Anywhere else a user name designates someone who exists (an access reviewer, say).
            "username" => ("saitama", null),
            "displayname" => (personName, null),
            "name" when inForm("Organizations/Departments") => ($"保健予防課 第{n}係", null),
            "name" when inForm("Organizations") || control.Name.StartsWith("NewOrganization", StringComparison.Ordinal) => ($"{organisation.Name}(第{n}号)", null),
            "name" when inForm("Regions") => ("さくら台市", null),
            "name" when inForm("Forums/Edit") => ($"地域移行・地域定着部会 第{n}分科会", null),
            "name" when inForm("Plans/Indicator") => ($"ピアサポーターが関わった退院支援の件数(第{n}期)", null),
            "name" => (personName, null),
            "address" or "residence" => (Addresses[n % Addresses.Length], null),
            "phone" or "tel" or "contact" => ($"03-5722-{9500 + n % 100:D4}", null),
            // A telephone field by its type or keypad, whatever its name (a row's 「電話番号」 is Phones[i].Number).
            _ when control.Type == "tel" || control.Attr("inputmode") == "tel" => ($"03-3812-{7100 + n % 100:D4}", null),
            "postalcode" or "postal" => ($"112-{n % 10:D4}", null),
            "streetaddress" or "street" => ($"春日一丁目{n % 20 + 1}番{n % 9 + 1}号", null),
            "url" or "website" => ($"https://www.example.jp/soudan/{n}/", null),
            "email" => ($"crawler{n}@example.jp", null),
            "municipality" => ("川口市", null),
            "hospital" => ($"青葉台病院(第{n}病棟)", null),
            "residenceafter" => ($"自宅(グループホームさくら 第{n}号室)", null),
            "provider" => ($"{organisation.Name}", null),
            "content" when row.Length > 0 => ($"訪問看護(週{n % 3 + 1}回、服薬の確認)", null),
            "contactperson" => ($"保健予防課 {person.Family.Family} 保健師", null),
            "jointwith" => ("東京都(措置を行った自治体)", null),
            "place" => ($"区役所本庁舎 {n % 9 + 1}階 第{n}会議室", null),
            "who" => ($"委員 {personName}(家族会)", null),
            "owner" => ("保健予防課 精神保健係", null),
            "topic" => ($"服薬と睡眠の状況(第{n}回)", null),
            "title" when inForm("Forums/MeetingEdit") => ($"令和8年度 第{n % 4 + 1}回 地域移行部会", null),
            "title" => ($"退院後の住まいの確保と日中の居場所づくり(第{n}項)", null),
            "frequencytext" or "frequency" => ("年3回(6月・10月・2月)", null),
            "plan" => ($"第{n}期障害福祉計画", null),
            "source" => ($"精神保健福祉資料(令和6年度、第{n}表)", null),
            "asof" => ("2025-03-31", null),
            "when" => ("2026-12-15", null),
            "unit" => ("件", null),
            "value" or "uppervalue" or "baseline" or "target" or "actual" => ($"{10 + n % 40}", null),
            "recoverycode" => ("", null),
            _ when control.Element == "textarea" => (Sentences(2), null),
            _ => ($"{Sentences(1)[..Math.Min(30, Sentences(1).Length)]}(第{n}回)", null),
        };
    }

    /// <summary>The current code of the authenticator key the enrolment page shows, as the phone would read it.</summary>
    private string TotpCode(string page)
    {
        var key = Regex.Match(page, """<code class="secret">([^<]+)</code>""").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        return key.Length == 0 ? "" : Totp.Code(Totp.FromBase32(key), Totp.TimeStep(Clock()));
    }

    /// <summary>The time the app's clock shows (the crawler sets it to the test clock).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>A file of the kind the control accepts: a CSV in the page's stated columns with its example row, or a small PDF.</summary>
    private Filled File(FormControl control, string page, PageForm form)
    {
        var accept = control.Attr("accept");
        if (accept.Contains(".csv", StringComparison.Ordinal))
        {
            var columns = FormReader.Text(Regex.Match(page, """<p><code>(.*?)</code></p>""", RegexOptions.Singleline).Groups[1].Value);
            var example = FormReader.Text(Regex.Match(page, """例: <code>(.*?)</code>""", RegexOptions.Singleline).Groups[1].Value);
            // Without rows of their own to bring back, the page's example row rewritten for the person's own region.
            var header = columns.Split(',');
            var row = example.Split(',');
            for (var i = 0; i < Math.Min(header.Length, row.Length); i++)
            {
                row[i] = header[i] switch
                {
                    "団体コード" => HomeRegion.Code ?? "",
                    "地域" => HomeRegion.Code ?? HomeRegion.Name,
                    "地域名" => HomeRegion.Name,
                    // An office of one of the person's own municipalities, under a number of its own.
                    "住所" when HomeMunicipality is { } city => $"{city}中央一丁目{_serial % 20 + 1}番{_serial % 9 + 1}号",
                    "事業所番号" => OfficeNumber(_serial),
                    _ => row[i],
                };
            }

            var csv = ExportedCsv is { Length: > 0 } exported ? exported : columns + "\r\n" + string.Join(",", row) + "\r\n";
            return new Filled(control.Name, [], false, ("取り込み.csv", Encoding.UTF8.GetBytes(csv)));
        }

        if (accept.Contains(".zip", StringComparison.Ordinal))
        {
            return new Filled(control.Name, [], false, ("hsds-tabular.zip", HsdsPackage(_serial)));
        }

        if (accept.Contains(".pdf", StringComparison.Ordinal) || accept.Length == 0)
        {
            return new Filled(control.Name, [], false, ("会議資料.pdf", MinimalPdf()));
        }

        throw new NotSupportedException($"The valid-submission crawler has no file for accept=\"{accept}\" ({control.Name} on {form.Action}): add one to ValidValues.File.");
    }

    /// <summary>
    /// An Open Referral HSDS 3.0 tabular package as another region's system writes it: one organisation with one service,
    /// its telephone and a weekly opening time, in the specification's file names and columns (UTF-8 CSV in a ZIP).
    /// </summary>
    private static byte[] HsdsPackage(int n)
    {
        var organization = Guid.NewGuid();
        var service = Guid.NewGuid();
        var (taxonomy, term) = (Guid.NewGuid(), Guid.NewGuid());
        var tables = new Dictionary<string, string>
        {
            // The other system's copy of the 8 categories, named as Nimo publishes them; its service is a 相談窓口.
            ["taxonomies.csv"] = $"id,name,description\r\n{taxonomy},にも包括の8分野,精神障害にも対応した地域包括ケアシステムの8分野\r\n",
            ["taxonomy_terms.csv"] = $"id,code,name,description,taxonomy_id\r\n{term},consultation,相談窓口,相談窓口,{taxonomy}\r\n",
            ["attributes.csv"] = $"id,link_id,taxonomy_term_id,link_type,link_entity\r\n{Guid.NewGuid()},{service},{term},service,service\r\n",
            ["organizations.csv"] = $"id,name,description,email,website\r\n{organization},地域生活支援センターあゆみ(第{n}号),精神障害のある人の地域生活を支える相談支援事業所です。,ayumi{n}@example.jp,https://ayumi.example.jp/\r\n",
            ["services.csv"] = $"id,organization_id,name,description,status,eligibility_description,fees_description\r\n{service},{organization},こころの相談(第{n}回),電話と面接で、暮らしや病気のことの相談を受けます。,active,市内に住む人と家族,無料\r\n",
            ["phones.csv"] = $"id,service_id,number,description\r\n{Guid.NewGuid()},{service},03-3812-{7100 + n % 100:D4},相談専用\r\n",
            ["schedules.csv"] = $"id,service_id,freq,interval,byday,opens_at,closes_at,description\r\n{Guid.NewGuid()},{service},WEEKLY,1,TU,13:30,15:00,毎週火曜 13:30〜15:00\r\n",
        };
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in tables)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A 法人番号 whose leading check digit is right (国税庁's rule: 9 − Σ Pn×Qn mod 9 over the 12-digit base).</summary>
    private static string CorporateNumber(int n)
    {
        var baseNumber = $"0104{n % 100_000_000:D8}";
        var sum = 0;
        for (var i = 1; i <= 12; i++)
        {
            sum += (baseNumber[12 - i] - '0') * (i % 2 == 1 ? 1 : 2);
        }

        return $"{9 - sum % 9}{baseNumber}";
    }

    /// <summary>A 事業所番号: the prefecture's two digits (of the person's own region) and eight of its own.</summary>
    private string OfficeNumber(int n) => $"{(HomeRegion.Code is { Length: >= 2 } code ? code[..2] : "13")}{(n * 7919 + seed) % 100_000_000:D8}";

    /// <summary>A municipality of the person's own region (the region itself when it is one), for an address they may import.</summary>
    public string? HomeMunicipality { get; set; }

    /// <summary>The user's own rows as the section's CSV export gave them: what a person edits in Excel and imports again.</summary>
    public string? ExportedCsv { get; set; }

    /// <summary>The person's own region, for a file that has none of their rows to export yet.</summary>
    public (string? Code, string Name) HomeRegion { get; set; } = (null, "");

    /// <summary>A one-page PDF that any reader opens.</summary>
    public static byte[] MinimalPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 760 Td (Nimo minutes) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    [GeneratedRegex(@"\[\d*\]")]
    private static partial Regex IndexSuffix();
}
