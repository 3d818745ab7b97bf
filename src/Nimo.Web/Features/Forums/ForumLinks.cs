namespace Nimo.Features.Forums;

/// <summary>
/// The addresses of 協議の場 (Forums) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class ForumLinks
{
    /// <summary>A forum.</summary>
    public static string Details(int forumId) => $"/Forums/Details/{forumId}";

    /// <summary>A meeting and its record.</summary>
    public static string Meeting(int meetingId) => $"/Forums/Meeting/{meetingId}";

    /// <summary>A regional issue.</summary>
    public static string Issue(int issueId) => $"/Forums/Issue/{issueId}";
}
