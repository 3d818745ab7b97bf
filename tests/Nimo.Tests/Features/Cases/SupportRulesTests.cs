using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Liaison;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Privacy;

namespace Nimo.Tests.Features.Cases;

/// <summary>The 退院後支援 guideline and the 地域相談支援 grant rules, on the entities (domain.md §2, §3, §9 items 18–24).</summary>
public sealed class SupportRulesTests
{
    private static readonly DateOnly Today = new(2024, 5, 1);
    private static readonly DischargeSupportRules Rules = new();

    internal static (Client Client, Organization Owner, Organization Partner) TestWorld() => World();

    private static (Client Client, Organization Owner, Organization Partner) World()
    {
        var pref = Region.Create("130001", "テスト都", "てすと", RegionKind.Prefecture, MunicipalityFlags.None, null);
        var owner = Organization.Create("テスト保健所", "てすと", OrganizationKind.HealthCenter, pref);
        var partner = Organization.Create("テスト相談支援センター", "てすと", OrganizationKind.CounsellingSupport, pref);
        SetId(owner, 1);
        SetId(partner, 2);
        var client = Client.Register(owner, null, "見本 一郎", "みほん いちろう", new DateOnly(1980, 1, 2), Sex.Male, Today, "t", DateTimeOffset.UnixEpoch);
        return (client, owner, partner);
    }

    private static void SetId(Organization o, int id) => typeof(Organization).GetProperty(nameof(Organization.Id))!.SetValue(o, id);

    private static SupportCase DischargeCase(Client client) =>
        SupportCase.Open(client, Programme.DischargeSupport, new DateOnly(2024, 3, 1), "保健師", null, "病院から通知", Today);

    [Fact]
    public void An_organisation_whose_furigana_would_not_fit_its_column_is_refused_with_a_sentence_and_a_long_search_key_is_cut()
    {
        var pref = Region.Create("130001", "テスト都", "てすと", RegionKind.Prefecture, MunicipalityFlags.None, null);
        var refused = Assert.Throws<DomainRuleException>(() => Organization.Create("テスト病院", new string('あ', 301), OrganizationKind.PsychiatricHospital, pref));
        Assert.Equal("ふりがなは300文字以内で入力してください。", refused.Message);
        // 「㍿」 becomes 「株式会社」 in the key: 200 of them would make a key of 800 characters.
        var expanding = Organization.Create(new string('㍿', 200), new string('か', 300), OrganizationKind.PsychiatricHospital, pref);
        Assert.Equal(500, expanding.SearchKey.Length);
    }

    [Fact]
    public void A_plan_without_consent_is_refused_and_consultation_only_is_offered_instead()
    {
        var (client, _, _) = World();
        var supportCase = DischargeCase(client);
        var wrongPurpose = client.RecordConsent(ConsentPurpose.Liaison, "連携票", [], new DateOnly(2024, 3, 5), ConsentGiver.Person, ConsentForm.Written, null, Today, "t");
        var e = Assert.Throws<DomainRuleException>(() => supportCase.MakeDischargePlan(wrongPurpose, Today));
        Assert.Contains("相談支援のみ", e.Message, StringComparison.Ordinal);

        var withdrawn = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], new DateOnly(2024, 3, 5), ConsentGiver.Person, ConsentForm.Written, null, Today, "t");
        withdrawn.Withdraw(new DateOnly(2024, 4, 1), "本人の申出");
        Assert.Throws<DomainRuleException>(() => supportCase.MakeDischargePlan(withdrawn, Today));

        // No discharge before a plan; 相談支援のみ is a state of its own.
        Assert.Throws<DomainRuleException>(() => supportCase.StartSupport(new DateOnly(2024, 4, 10), Rules, Today));
        supportCase.ConsultationOnly("同意が得られなかった");
        Assert.Equal(CaseState.ConsultationOnly, supportCase.State);
    }

    [Fact]
    public void The_support_period_runs_six_months_from_discharge_and_an_extension_stops_a_year_after()
    {
        var (client, _, _) = World();
        var supportCase = DischargeCase(client);
        var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], new DateOnly(2024, 3, 5), ConsentGiver.Person, ConsentForm.Written, null, Today, "t");
        var plan = supportCase.MakeDischargePlan(consent, Today);
        supportCase.StartSupport(new DateOnly(2024, 4, 10), Rules, Today);

        // Vector 18: discharged 2024-04-10 → 2024-10-09; an extension past 2025-04-09 is refused.
        Assert.Equal(new DateOnly(2024, 10, 9), plan.PeriodEndsOn);
        var late = Assert.Throws<DomainRuleException>(() => plan.Extend(new DateOnly(2025, 4, 10), "病状が不安定", consent, Rules, Today));
        Assert.Contains("令和7年4月9日", late.Message, StringComparison.Ordinal);
        plan.Extend(new DateOnly(2025, 4, 9), "会議で延長を確認", consent, Rules, Today);
        Assert.Equal((new DateOnly(2025, 4, 9), 1), (plan.PeriodEndsOn, plan.Extensions));

        // Ending by 期間満了 before the period ends is refused.
        Assert.Throws<DomainRuleException>(() => supportCase.End(EndReason.PeriodEnded, new DateOnly(2024, 12, 1), null));
        supportCase.End(EndReason.Readmitted, new DateOnly(2024, 12, 1), "再入院");
        Assert.Equal((CaseState.Ended, EndReason.Readmitted), (supportCase.State, supportCase.EndReason!.Value));
        Assert.Throws<DomainRuleException>(() => supportCase.End(EndReason.Other, new DateOnly(2024, 12, 2), null));
    }

    [Fact]
    public void The_period_limits_are_master_data_not_constants()
    {
        var longer = new DischargeSupportRules { DefaultMonths = 3, MaxMonths = 6 };
        Assert.Equal(new DateOnly(2024, 7, 9), DischargePlan.DefaultEnd(new DateOnly(2024, 4, 10), longer));
        Assert.Equal(new DateOnly(2024, 10, 9), DischargePlan.LatestEnd(new DateOnly(2024, 4, 10), longer));
    }

    [Fact]
    public void A_police_attendee_needs_a_reason_and_the_agreement_of_the_person_the_family_and_the_members()
    {
        var (client, _, _) = World();
        var conference = DischargeCase(client).HoldConference(new DateOnly(2024, 3, 20), "支援関係者会議", null);
        ConferenceAttendeeEntry[] attendees = [new("見本 一郎", null, null, AttendeeKind.Person), new("生活安全課 担当", null, "警察署", AttendeeKind.Police)];
        Assert.Throws<DomainRuleException>(() => conference.SetAttendees(attendees, null, true, true, true));
        Assert.Throws<DomainRuleException>(() => conference.SetAttendees(attendees, "本人の希望による同行支援", true, false, true));
        Assert.Throws<DomainRuleException>(() => conference.SetAttendees(attendees, "本人の希望による同行支援", true, true, false));
        conference.SetAttendees(attendees, "本人の希望による同行支援", true, true, true);
        Assert.Equal(2, conference.Attendees.Count);
        // Without police, no exception is needed.
        conference.SetAttendees([new("見本 一郎", null, null, AttendeeKind.Person)], null, false, false, false);
        Assert.Null(conference.PoliceReason);
    }

    [Fact]
    public void Moving_away_creates_a_handover_that_sends_data_only_with_consent()
    {
        var (client, owner, partner) = World();
        var supportCase = DischargeCase(client);
        var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], new DateOnly(2024, 3, 5), ConsentGiver.Person, ConsentForm.Written, null, Today, "t");
        var plan = supportCase.MakeDischargePlan(consent, Today);
        supportCase.StartSupport(new DateOnly(2024, 4, 10), Rules, Today);

        plan.MoveTo("見本市", null, Today, partner.Id);
        Assert.Equal((HandoverState.Pending, (int?)null), (plan.Handover, plan.HandoverConsentId));
        // A consent that does not name the receiving 保健所 still does not let anything go.
        plan.MoveTo("見本市", consent, Today, partner.Id);
        Assert.Equal(HandoverState.Pending, plan.Handover);
        var toNewHome = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画の引継ぎ", [partner], Today, ConsentGiver.Person, ConsentForm.Written, null, Today, "t");
        plan.MoveTo("見本市", toNewHome, Today, partner.Id);
        Assert.Equal(HandoverState.Sent, plan.Handover);
        Assert.NotEqual(owner.Id, partner.Id);
    }

    [Theory]
    [InlineData("2024-06-15", "2024-12-31")] // vector 23: six months plus the rest of the month
    [InlineData("2024-06-01", "2024-11-30")] // decided on the 1st: exactly six months
    [InlineData("2024-08-31", "2025-02-28")]
    public void A_transition_grant_runs_six_months_plus_the_rest_of_the_month(string decided, string until) =>
        Assert.Equal(DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), Grant.TransitionEnd(DateOnly.Parse(decided, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Transition_renewals_are_six_months_at_most_and_retention_is_yearly_and_not_for_group_homes()
    {
        var (client, _, _) = World();
        var transition = SupportCase.Open(client, Programme.CommunityTransition, new DateOnly(2024, 6, 15), null, null, null, new DateOnly(2025, 6, 1));
        transition.AddGrant(GrantKind.Transition, new DateOnly(2024, 6, 15), null, false);
        Assert.Throws<DomainRuleException>(() => transition.AddGrant(GrantKind.Transition, new DateOnly(2024, 12, 20), 7, false));
        transition.AddGrant(GrantKind.Transition, new DateOnly(2024, 12, 20), 6, false);
        var renewal = transition.Grants.Single(g => g.IsRenewal);
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30)), (renewal.ValidFrom, renewal.ValidUntil));

        // Vector 24: 1-year grants, renewable; group-home residents are not eligible.
        var retention = SupportCase.Open(client, Programme.CommunityRetention, new DateOnly(2024, 7, 1), null, null, null, new DateOnly(2025, 6, 1));
        Assert.Throws<DomainRuleException>(() => retention.AddGrant(GrantKind.Retention, new DateOnly(2024, 7, 1), null, livesInGroupHome: true));
        retention.AddGrant(GrantKind.Retention, new DateOnly(2024, 7, 1), null, false);
        retention.AddGrant(GrantKind.Retention, new DateOnly(2025, 6, 1), null, false);
        Assert.Equal([new DateOnly(2025, 6, 30), new DateOnly(2026, 6, 30)], retention.Grants.Select(g => g.ValidUntil).ToArray());
        Assert.Throws<DomainRuleException>(() => retention.AddGrant(GrantKind.Transition, new DateOnly(2025, 6, 1), null, false));
    }

    [Fact]
    public void Outreach_moves_from_referral_through_the_in_house_meeting_to_support()
    {
        var (client, _, _) = World();
        var outreach = SupportCase.Open(client, Programme.Outreach, new DateOnly(2024, 4, 1), null, null, "家族から", Today);
        Assert.Throws<DomainRuleException>(() => outreach.DecideEligibility(true, new DateOnly(2024, 4, 15), null));
        outreach.SendToReview();
        Assert.Throws<DomainRuleException>(() => outreach.DecideEligibility(true, new DateOnly(2024, 3, 15), null));
        outreach.DecideEligibility(true, new DateOnly(2024, 4, 15), null);
        Assert.Equal(CaseState.Active, outreach.State);
        Assert.Throws<DomainRuleException>(() => outreach.SendToReview());
    }

    [Fact]
    public void Monitoring_splits_plans_alone_and_joint_and_gives_mean_days_outcomes_and_plans_per_staff()
    {
        var (client, _, _) = World();
        var cases = new List<SupportCase>();
        foreach (var (staff, joint, discharged, ended, reason) in new (string, bool, int, int?, EndReason?)[]
                 {
                     ("A", false, 1, 181, EndReason.PeriodEnded), ("A", true, 1, 91, EndReason.Readmitted), ("B", false, 10, 101, EndReason.NoLongerNeeded), ("B", false, 20, null, null),
                 })
        {
            var c = SupportCase.Open(client, Programme.DischargeSupport, new DateOnly(2024, 1, 1), staff, null, null, new DateOnly(2025, 1, 1));
            var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], new DateOnly(2024, 1, 1), ConsentGiver.Person, ConsentForm.Written, null, new DateOnly(2025, 1, 1), "t");
            var plan = c.MakeDischargePlan(consent, new DateOnly(2025, 1, 1));
            plan.Update(AdmissionType.Involuntary, null, null, null, null, null, null, null, null, null, joint ? "東京都" : null, []);
            c.StartSupport(new DateOnly(2024, 2, discharged), Rules, new DateOnly(2025, 1, 1));
            if (ended is int days)
            {
                c.End(reason!.Value, new DateOnly(2024, 2, discharged).AddDays(days), null);
            }

            cases.Add(c);
        }

        cases.Add(SupportCase.Open(client, Programme.DischargeSupport, new DateOnly(2024, 1, 1), "A", null, null, new DateOnly(2025, 1, 1)));
        cases[^1].ConsultationOnly(null);
        var m = MonitoringFigures.Compute(cases, new DateOnly(2025, 1, 1));
        Assert.Equal((4, 3, 1, 1), (m.Plans, m.Alone, m.Joint, m.ConsultationOnly));
        Assert.Equal(124.3m, m.MeanSupportDays); // (181 + 91 + 101) / 3
        Assert.Equal(1, m.Outcomes[EndReason.Readmitted]);
        Assert.Equal(new Dictionary<string, int> { ["A"] = 2, ["B"] = 2 }, m.PlansPerStaff);
        Assert.Equal("10未満", Suppression.Hidden(9, 10));
        Assert.Equal("秘匿", Suppression.Hidden(10, 10));
    }

    [Fact]
    public void A_liaison_sheet_needs_a_consent_covering_the_receiver_and_only_the_receiver_answers()
    {
        var (client, owner, partner) = World();
        var general = client.RecordConsent(ConsentPurpose.Outreach, "支援記録", [partner], new DateOnly(2024, 4, 1), ConsentGiver.Family, ConsentForm.Verbal, null, Today, "t");
        Assert.Throws<DomainRuleException>(() => LiaisonSheet.Send(client, owner, partner, general, "依頼", "状況", null, null, Today, DateTimeOffset.UnixEpoch, "t"));
        var liaison = client.RecordConsent(ConsentPurpose.Liaison, "連携票", [partner], new DateOnly(2024, 4, 1), ConsentGiver.Person, ConsentForm.Written, new DateOnly(2024, 4, 30), Today, "t");
        // Expired on 4/30: not valid on 5/1.
        Assert.Throws<DomainRuleException>(() => LiaisonSheet.Send(client, owner, partner, liaison, "依頼", "状況", null, null, Today, DateTimeOffset.UnixEpoch, "t"));
        var sheet = LiaisonSheet.Send(client, owner, partner, liaison, "依頼", "状況", null, null, new DateOnly(2024, 4, 20), DateTimeOffset.UnixEpoch, "t");
        Assert.Throws<DomainRuleException>(() => sheet.Acknowledge(owner.Id, DateTimeOffset.UnixEpoch, "t"));
        sheet.Reply(partner.Id, "担当します", DateTimeOffset.UnixEpoch, "p");
        Assert.Equal((LiaisonState.Answered, "p"), (sheet.State, sheet.AcknowledgedBy));
    }

    [Theory]
    [InlineData("ミホン イチロウ", "みほん いちろう")]
    [InlineData("ﾐﾎﾝ ｲﾁﾛｳ", "みほんいちろう")]
    public void Duplicate_detection_ignores_width_kana_and_spaces(string a, string b) =>
        Assert.Equal(Nimo.Platform.Japanese.TextNormalizer.SearchKey(a), Nimo.Platform.Japanese.TextNormalizer.SearchKey(b));
}
