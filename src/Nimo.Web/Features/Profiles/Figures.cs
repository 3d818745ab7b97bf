using Nimo.Platform.Japanese;

namespace Nimo.Features.Profiles;

/// <summary>Every §1 (基礎情報) figure of the standard report sheet, plus the national-target measures.</summary>
public enum FigureKey
{
    DisabilityWelfareAreas,
    Municipalities,
    Population,
    PsychiatricHospitals,
    PsychiatricBeds,
    InpatientsTotal,
    InpatientsUnder3Months,
    Inpatients3To12Months,
    InpatientsOver1Year,
    InpatientsOver1YearUnder65,
    InpatientsOver1YearOver65,
    DischargeRate3Months,
    DischargeRate6Months,
    DischargeRate12Months,
    CoreCounsellingCenters,
    GeneralCounsellingOffices,
    SpecificCounsellingOffices,
    HealthCenters,
    CouncilMeetingsPerYear,
    MentalHealthSubcommittee,
    ForumAtPrefecture,
    ForumAreasWith,
    ForumMunicipalitiesWith,
    AverageCommunityLivingDays,
}

public enum FigureKind
{
    /// <summary>A count of things or people: a non-negative whole number.</summary>
    Count,
    /// <summary>A percentage typed by the user (退院率), 0–100 with decimals.</summary>
    Percent,
    /// <summary>有・無, stored as 1 or 0.</summary>
    YesNo,
    /// <summary>A non-negative number with decimals (日数, 回/年).</summary>
    Amount,
}

public sealed record FigureDefinition(FigureKey Key, string Group, string Label, string Unit, FigureKind Kind, string CsvName)
{
    public string FullLabel => Group == Label ? Label : $"{Group} {Label}";
}

/// <summary>The sheet's rows in its own order, with the Japanese names the CSV and the pages use.</summary>
public static class Figures
{
    public static readonly IReadOnlyList<FigureDefinition> All =
    [
        new(FigureKey.DisabilityWelfareAreas, "障害保健福祉圏域数", "障害保健福祉圏域数", "か所", FigureKind.Count, "障害保健福祉圏域数"),
        new(FigureKey.Municipalities, "市町村数", "市町村数", "市町村", FigureKind.Count, "市町村数"),
        new(FigureKey.Population, "人口", "人口", "人", FigureKind.Count, "人口"),
        new(FigureKey.PsychiatricHospitals, "精神科病院の数", "精神科病院の数", "病院", FigureKind.Count, "精神科病院の数"),
        new(FigureKey.PsychiatricBeds, "精神科病床数", "精神科病床数", "床", FigureKind.Count, "精神科病床数"),
        new(FigureKey.InpatientsTotal, "入院精神障害者数", "合計", "人", FigureKind.Count, "入院精神障害者数 合計"),
        new(FigureKey.InpatientsUnder3Months, "入院精神障害者数", "3か月未満", "人", FigureKind.Count, "入院精神障害者数 3か月未満"),
        new(FigureKey.Inpatients3To12Months, "入院精神障害者数", "3か月以上1年未満", "人", FigureKind.Count, "入院精神障害者数 3か月以上1年未満"),
        new(FigureKey.InpatientsOver1Year, "入院精神障害者数", "1年以上", "人", FigureKind.Count, "入院精神障害者数 1年以上"),
        new(FigureKey.InpatientsOver1YearUnder65, "入院精神障害者数", "1年以上 うち65歳未満", "人", FigureKind.Count, "入院精神障害者数 1年以上 うち65歳未満"),
        new(FigureKey.InpatientsOver1YearOver65, "入院精神障害者数", "1年以上 うち65歳以上", "人", FigureKind.Count, "入院精神障害者数 1年以上 うち65歳以上"),
        new(FigureKey.DischargeRate3Months, "退院率", "入院後3か月時点", "%", FigureKind.Percent, "退院率 3か月"),
        new(FigureKey.DischargeRate6Months, "退院率", "入院後6か月時点", "%", FigureKind.Percent, "退院率 6か月"),
        new(FigureKey.DischargeRate12Months, "退院率", "入院後1年時点", "%", FigureKind.Percent, "退院率 1年"),
        new(FigureKey.CoreCounsellingCenters, "相談支援事業所数", "基幹相談支援センター数", "か所", FigureKind.Count, "基幹相談支援センター数"),
        new(FigureKey.GeneralCounsellingOffices, "相談支援事業所数", "一般相談支援事業所数", "か所", FigureKind.Count, "一般相談支援事業所数"),
        new(FigureKey.SpecificCounsellingOffices, "相談支援事業所数", "特定相談支援事業所数", "か所", FigureKind.Count, "特定相談支援事業所数"),
        new(FigureKey.HealthCenters, "保健所数", "保健所数", "か所", FigureKind.Count, "保健所数"),
        new(FigureKey.CouncilMeetingsPerYear, "(自立支援)協議会", "開催頻度", "回/年", FigureKind.Amount, "協議会の開催頻度"),
        new(FigureKey.MentalHealthSubcommittee, "(自立支援)協議会", "精神領域に関する議論を行う部会の有無", "有・無", FigureKind.YesNo, "精神領域の部会の有無"),
        new(FigureKey.ForumAtPrefecture, "協議の場の設置状況", "都道府県", "有・無", FigureKind.YesNo, "協議の場 都道府県"),
        new(FigureKey.ForumAreasWith, "協議の場の設置状況", "障害保健福祉圏域(設置数)", "圏域", FigureKind.Count, "協議の場 圏域設置数"),
        new(FigureKey.ForumMunicipalitiesWith, "協議の場の設置状況", "市町村(設置数)", "市町村", FigureKind.Count, "協議の場 市町村設置数"),
        new(FigureKey.AverageCommunityLivingDays, "退院後1年以内の地域における平均生活日数", "退院後1年以内の地域における平均生活日数", "日", FigureKind.Amount, "平均生活日数"),
    ];

    private static readonly Dictionary<FigureKey, FigureDefinition> ByKey = All.ToDictionary(f => f.Key);

    public static FigureDefinition Of(FigureKey key) => ByKey[key];

    /// <summary>Finds a figure by its CSV name, its full label or its identifier, ignoring width, kana and spaces.</summary>
    public static FigureDefinition? Find(string text)
    {
        var key = TextNormalizer.SearchKey(text);
        return All.FirstOrDefault(f => TextNormalizer.SearchKey(f.CsvName) == key || TextNormalizer.SearchKey(f.FullLabel) == key
            || string.Equals(f.Key.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Groups in sheet order, for the pages' table layout.</summary>
    public static IEnumerable<IGrouping<string, FigureDefinition>> Grouped => All.GroupBy(f => f.Group);
}

/// <summary>Reads and writes figure values the way the sheets write them: 「604,894」「26.7%」「有」「(有)・無」.</summary>
public static class FigureValues
{
    /// <summary>Empty, or a template left unfilled (「有・無」), is no value; anything else unreadable is an error.</summary>
    public static bool TryParse(FigureDefinition definition, string? text, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        var s = (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (s.Length == 0 || s is "-" or "—" or "―" or "未定" or "不明")
        {
            return true;
        }

        if (s.StartsWith('#'))
        {
            error = $"「{s}」は Excel の計算エラーで、数値ではありません。";
            return false;
        }

        if (definition.Kind == FigureKind.YesNo)
        {
            // 「(有)・無」 marks 有 on the sheet; a bare 「有・無」 is the template with nothing chosen.
            var compact = s.Replace(" ", "", StringComparison.Ordinal).Replace("〇", "○", StringComparison.Ordinal);
            value = compact switch
            {
                "有" or "あり" or "○" or "1" or "(有)・無" or "(有)無" or "○有・無" => 1,
                "無" or "なし" or "×" or "0" or "有・(無)" or "有(無)" or "有・○無" => 0,
                "有・無" => null,
                _ => -1,
            };
            if (value == -1)
            {
                value = null;
                error = $"「{s}」は「有」か「無」で入力してください。";
                return false;
            }

            return true;
        }

        var number = s.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (var unit in new[] { definition.Unit, "%", "％", "人", "床", "か所", "カ所", "ヶ所", "箇所", "病院", "市町村", "回/年", "回", "日", "圏域" })
        {
            if (unit.Length > 0 && number.EndsWith(unit, StringComparison.Ordinal))
            {
                number = number[..^unit.Length];
                break;
            }
        }

        if (!decimal.TryParse(number, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"「{s}」は数値として読めません。";
            return false;
        }

        if (definition.Kind == FigureKind.Count && parsed != decimal.Truncate(parsed))
        {
            error = $"「{s}」: {definition.FullLabel}は整数です。";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>The value as a person writes it: 「604,894」「62.0」「有」.</summary>
    public static string Format(FigureDefinition definition, decimal? value) => value switch
    {
        null => "",
        decimal v when definition.Kind == FigureKind.YesNo => v == 1 ? "有" : "無",
        decimal v when definition.Kind == FigureKind.Percent => v.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture),
        decimal v => v.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The value for a file: no thousands separators, so Excel and re-import read it as a number.</summary>
    public static string ForFile(FigureDefinition definition, decimal? value) => value switch
    {
        null => "",
        decimal v when definition.Kind == FigureKind.YesNo => v == 1 ? "有" : "無",
        decimal v => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
    };
}
