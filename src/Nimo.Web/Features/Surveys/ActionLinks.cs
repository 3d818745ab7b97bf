using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Features.Events;
using Nimo.Features.Directory;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>
/// An event made from one 取組 of an organisation's answer. The 取組 is kept by its title: an answer edited before close
/// replaces its 取組 rows (new ids), and the event must still point back to the organisation's answer and stay the one
/// event of that 取組 (unique per answer and title, so a second click opens it instead of making another).
/// </summary>
public sealed class SurveyEventLink
{
    public int Id { get; private set; }
    public int EventId { get; init; }
    public int RecipientId { get; init; }
    public int SurveyId { get; init; }
    public string ActivityTitle { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
}

/// <summary>A directory service registered (unpublished) from one 取組 of an organisation's answer; kept like <see cref="SurveyEventLink"/>.</summary>
public sealed class SurveyServiceLink
{
    public int Id { get; private set; }
    public Guid ServiceId { get; init; }
    public int RecipientId { get; init; }
    public int SurveyId { get; init; }
    public string ActivityTitle { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
}

internal sealed class SurveyEventLinkConfiguration : IEntityTypeConfiguration<SurveyEventLink>
{
    public void Configure(EntityTypeBuilder<SurveyEventLink> builder)
    {
        builder.Property(l => l.ActivityTitle).HasMaxLength(200);
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.HasOne<Event>().WithMany().HasForeignKey(l => l.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyRecipient>().WithMany().HasForeignKey(l => l.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.EventId).IsUnique();
        builder.HasIndex(l => new { l.RecipientId, l.ActivityTitle }).IsUnique();
    }
}

internal sealed class SurveyServiceLinkConfiguration : IEntityTypeConfiguration<SurveyServiceLink>
{
    public void Configure(EntityTypeBuilder<SurveyServiceLink> builder)
    {
        builder.Property(l => l.ActivityTitle).HasMaxLength(200);
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.HasOne<DirectoryService>().WithMany().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyRecipient>().WithMany().HasForeignKey(l => l.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.ServiceId).IsUnique();
        builder.HasIndex(l => new { l.RecipientId, l.ActivityTitle }).IsUnique();
    }
}

/// <summary>
/// The sentence on an event's or a directory service's staff page naming the survey answer it was made from, with a link
/// to that answer. Shown only to those who may read the answer (the survey's secretariat and the answering organisation):
/// others who see the event or the service learn nothing of the survey's answers from it.
/// </summary>
public sealed class SurveySourceViewComponent(NimoDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int? eventId, Guid? serviceId)
    {
        var ct = HttpContext.RequestAborted;
        var link = eventId is int e
            ? await db.SurveyEventLinks.AsNoTracking().Where(l => l.EventId == e).Select(l => new { l.RecipientId, l.SurveyId, l.ActivityTitle }).SingleOrDefaultAsync(ct)
            : serviceId is Guid s
                ? await db.SurveyServiceLinks.AsNoTracking().Where(l => l.ServiceId == s).Select(l => new { l.RecipientId, l.SurveyId, l.ActivityTitle }).SingleOrDefaultAsync(ct)
                : null;
        if (link is null)
        {
            return Content("");
        }

        var scope = HttpContext.Scope();
        var survey = await db.Surveys.AsNoTracking().Whole().SingleAsync(x => x.Id == link.SurveyId, ct);
        var recipient = await db.SurveyRecipients.AsNoTracking().Where(r => r.Id == link.RecipientId)
            .Select(r => new { r.OrganizationId, Organization = r.Organization.Name }).SingleAsync(ct);
        if (!scope.CanManage(survey) && !(scope.OrganizationId > 0 && scope.OrganizationId == recipient.OrganizationId))
        {
            return Content("");
        }

        return View("/Features/Surveys/_SurveySource.cshtml",
            new SurveySource(eventId is not null ? "この催し" : "このサービス", survey.Title, recipient.Organization, link.ActivityTitle, $"/Surveys/Answer/{link.RecipientId}"));
    }
}

public sealed record SurveySource(string What, string Survey, string Organization, string Activity, string Url);

/// <summary>What a survey's 取組 category becomes elsewhere: an event kind, a directory 分野 (にも包括の8分野), when the name says so.</summary>
public static class ActivityMapping
{
    /// <summary>The event kind for a category name (文京's 研修等 → 研修, 講演会 → 講演会, 活動・イベント等 → 交流会); otherwise その他.</summary>
    public static EventKind EventKindFor(string? category) => category switch
    {
        null => EventKind.Other,
        _ when category.Contains("研修", StringComparison.Ordinal) => EventKind.Training,
        _ when category.Contains("講演", StringComparison.Ordinal) || category.Contains("講座", StringComparison.Ordinal) => EventKind.Lecture,
        _ when category.Contains("養成", StringComparison.Ordinal) => EventKind.SupporterCourse,
        _ when category.Contains("交流", StringComparison.Ordinal) || category.Contains("イベント", StringComparison.Ordinal) => EventKind.Exchange,
        _ => EventKind.Other,
    };

    /// <summary>
    /// The 分野 code of the directory's category taxonomy for a category name, or null when no 分野 follows from it and the
    /// curator must choose. 研修・講演・発行物・啓発 are 普及啓発 (the taxonomy's own description: 講演会、講座、冊子など).
    /// </summary>
    public static string? DirectoryCategoryFor(string? category) => category switch
    {
        null => null,
        _ when new[] { "研修", "講演", "講座", "発行", "冊子", "啓発" }.Any(w => category.Contains(w, StringComparison.Ordinal)) => "awareness",
        _ when category.Contains("相談", StringComparison.Ordinal) => "consultation",
        _ when new[] { "居場所", "サロン", "家族会", "ピア", "自助" }.Any(w => category.Contains(w, StringComparison.Ordinal)) => "mutual-aid",
        _ when category.Contains("就労", StringComparison.Ordinal) => "participation",
        _ when category.Contains("住まい", StringComparison.Ordinal) || category.Contains("住居", StringComparison.Ordinal) => "housing",
        _ when category.Contains("医療", StringComparison.Ordinal) => "medical",
        _ when category.Contains("介護", StringComparison.Ordinal) => "long-term-care",
        _ => null,
    };

    /// <summary>The 取組 in a sentence for a description: its category, audience, frequency and period where given.</summary>
    public static string Describe(SurveyActivity activity, string? category)
    {
        var parts = new List<string>();
        if (category is not null) { parts.Add($"分類: {category}"); }
        if (activity.Audience is { Length: > 0 } a) { parts.Add($"対象: {a}"); }
        if (activity.Frequency is { Length: > 0 } f) { parts.Add($"頻度: {f}"); }
        if (activity.Period is { Length: > 0 } p) { parts.Add($"期間: {p}"); }
        return parts.Count == 0 ? "" : $"({string.Join("、", parts)})";
    }
}

/// <summary>The 取組 a secretariat acts on, loaded for the survey it runs (404 when not visible or not of this survey, 403 when it does not run it).</summary>
public sealed record ActivitySource(Survey Survey, SurveyRecipient Recipient, SurveyActivity Activity, string? Category)
{
    public static async Task<(ActivitySource? Source, IActionResult? Refusal)> LoadAsync(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, NimoDbContext db,
        int recipientId, int activityId, CancellationToken ct)
    {
        var surveyId = await db.SurveyRecipients.Where(r => r.Id == recipientId).Select(r => (int?)r.SurveyId).SingleOrDefaultAsync(ct);
        if (surveyId is not int sid)
        {
            return (null, page.NotFound());
        }

        var (survey, refusal) = await page.SurveyToManageAsync(db, sid, tracked: false, ct);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var recipient = await db.SurveyRecipients.AsNoTracking().Include(r => r.Organization).ThenInclude(o => o.Region).Include(r => r.Activities)
            .SingleAsync(r => r.Id == recipientId, ct);
        var activity = recipient.Activities.FirstOrDefault(a => a.Id == activityId);
        if (activity is null)
        {
            return (null, page.NotFound());
        }

        var category = activity.CategoryId is int c ? survey!.Categories.FirstOrDefault(x => x.Id == c)?.Name : null;
        return (new ActivitySource(survey!, recipient, activity, category), null);
    }

    /// <summary>
    /// What a new directory service's 説明 starts with: the 取組's frequency and period as the organisation wrote them (its
    /// audience goes to 対象), not the survey: a published service's 説明 reaches residents and the HSDS feed; the way back
    /// to the answer is the link, shown to staff only.
    /// </summary>
    public string? ServiceDescription
    {
        get
        {
            var parts = new List<string>();
            if (Activity.Frequency is { Length: > 0 } f) { parts.Add($"頻度: {f}。"); }
            if (Activity.Period is { Length: > 0 } p) { parts.Add($"期間: {p}。"); }
            return parts.Count == 0 ? null : string.Concat(parts);
        }
    }

    /// <summary>The description a new event starts with: where it came from and what the organisation wrote.</summary>
    public string Description =>
        $"地域アセスメント「{Survey.Title}」で{Recipient.Organization.Name}が回答した取組「{Activity.Title}」{ActivityMapping.Describe(Activity, Category)}から作成しました。";
}
