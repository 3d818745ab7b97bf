using Nimo.Features.Clients;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Cases;

/// <summary>
/// The papers of 退院後支援 as the guideline lays them out: the 退院後支援計画 handed to the person and the 関係者 (items of
/// 参考様式1, in its order), and the record of a 支援関係者会議. One model each, drawn as A4 HTML and written as .xlsx.
/// </summary>
public static class CaseDocuments
{
    private static string Date(DateOnly? d) => d is DateOnly day ? JapaneseDate.Format(day) : "";

    private static string OrBlank(string? s) => string.IsNullOrWhiteSpace(s) ? "" : s;

    public static FormDocument Plan(SupportCase c, DischargeSupportRules rules, DateOnly today)
    {
        var p = c.DischargePlan ?? throw new InvalidOperationException("A plan document needs a plan.");
        var client = c.Client;
        var period = p.PeriodEndsOn is DateOnly end && p.DischargedOn is DateOnly discharged
            ? $"{Date(discharged)} 〜 {Date(end)}"
            : $"退院日から{rules.DefaultMonths}か月以内(退院日が決まったら記入)";
        var consent = p.Consent;
        return new FormDocument(
            "退院後支援計画",
            [
                new("作成日", Date(today)),
                new("計画の作成主体", c.OwnerOrganization.Name + (p.IsJoint ? $"(共同作成: {p.JointWith})" : "")),
                new("担当者", OrBlank(p.ContactPerson)),
            ],
            [
                new("1 本人の情報",
                [
                    new FormValue("氏名", $"{client.Name}({client.Kana})"),
                    new FormValue("生年月日", $"{Date(client.BirthDate)}({client.AgeOn(today)}歳)"),
                    new FormValue("住所", string.Join(" ", new[] { client.Region?.Name, client.Address }.Where(s => !string.IsNullOrWhiteSpace(s)))),
                    new FormValue("連絡先", OrBlank(client.Phone)),
                    new FormValue("入院先", OrBlank(p.Hospital)),
                    new FormValue("入院形態", p.AdmissionTypeLabel),
                    new FormValue("入院日", Date(p.AdmittedOn)),
                    new FormValue(p.DischargedOn is null ? "退院予定日" : "退院日(退院予定日)", p.DischargedOn is DateOnly d ? $"{Date(d)}({Date(p.PlannedDischargeOn)})" : Date(p.PlannedDischargeOn)),
                ]),
                new("2 退院後の生活に関する本人の希望", [new FormText(p.Wishes)]),
                new("3 家族その他の支援者の意見", [new FormText(p.FamilyViews)]),
                new("4 退院後の居住先", [new FormText(p.ResidenceAfter, 1)]),
                new("5 本人の支援ニーズ・課題", [new FormText(p.Needs)]),
                new("6 退院後に必要な医療等の支援",
                [
                    new FormTable([("支援の内容", 1), ("担当する機関", 2), ("連絡先", 1)],
                        [.. p.Services.OrderBy(s => s.Id).Select(s => (IReadOnlyList<string?>)[s.Kind, s.Provider, s.Contact])], "(記載なし)"),
                ]),
                new("7 病状が悪化した場合の対処方針", [new FormText(p.CrisisPlan)]),
                new("8 計画に基づく支援期間",
                [
                    new FormValue("支援期間", period),
                    new FormValue("延長", p.Extensions == 0 ? "なし" : $"{p.Extensions}回(理由: {p.ExtensionReason})"),
                ]),
                new("9 計画の作成主体と連絡先",
                [
                    new FormValue("作成主体", c.OwnerOrganization.Name),
                    new FormValue("担当者", OrBlank(p.ContactPerson)),
                    new FormValue("電話", OrBlank(c.OwnerOrganization.Phone)),
                    new FormValue("共同で作成した自治体", p.IsJoint ? p.JointWith : "なし(単独で作成)"),
                ]),
                new("10 本人の同意",
                [
                    new FormValue("同意日", Date(consent.ConsentedOn)),
                    new FormValue("同意した人・方法", $"{(consent.GivenBy == ConsentGiver.Person ? "本人" : "家族")}・{(consent.Form == ConsentForm.Written ? "書面" : "口頭")}{(consent.WithdrawnOn is DateOnly w ? $"({Date(w)} 撤回)" : "")}"),
                    new FormValue("同意の範囲", consent.Scope),
                    new FormValue("計画の説明を受けた日・本人の署名", "　　　年　　月　　日　　署名"),
                ]),
            ],
            $"退院後支援計画 {client.Name}");
    }

    public static FormDocument Conference(SupportCase c, CaseConference k)
    {
        var title = c.Programme == Programme.DischargeSupport ? "支援関係者会議の記録" : "ケース会議の記録";
        var sections = new List<FormSection>
        {
            new("1 開催日・目的", [new FormValue("開催日", Date(k.HeldOn)), new FormValue("目的", k.Purpose)]),
            new("2 参加者",
            [
                new FormTable([("氏名・職名", 1), ("所属", 2), ("種別", 1)],
                    [.. k.Attendees.OrderBy(a => a.Id).Select(a => (IReadOnlyList<string?>)[a.Name, a.Affiliation, a.KindLabel])], "(記載なし)"),
            ]),
        };
        if (k.Attendees.Any(a => a.Kind == AttendeeKind.Police))
        {
            sections.Add(new("3 警察の参加(本人の支援のための例外)",
            [
                new FormValue("参加の理由", k.PoliceReason ?? "(記録なし)"),
                new FormValue("同意", $"本人: {(k.PersonAgreed ? "同意あり" : "記録なし")}・家族: {(k.FamilyAgreed ? "同意あり" : "記録なし")}・他の参加者: {(k.MembersAgreed ? "同意あり" : "記録なし")}"),
            ]));
        }

        sections.Add(new($"{sections.Count + 1} 協議の内容", [new FormText(k.Summary, 6)]));
        return new FormDocument(
            title,
            [new("対象者", c.Client.Name), new("事業", c.ProgrammeLabel), new("記録した機関", c.OwnerOrganization.Name)],
            sections,
            $"{title} {c.Client.Name} {Date(k.HeldOn)}");
    }
}
