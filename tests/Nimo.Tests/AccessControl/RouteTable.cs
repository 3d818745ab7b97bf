using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nimo.Tests.AccessControl;

/// <summary>What a route shows and to whom.</summary>
public enum Access
{
    /// <summary>No sign-in; nothing personal, ever (the login pages, health, the API description, anything under /public/).</summary>
    Anonymous,

    /// <summary>Any signed-in user; what it shows of persons only to those entitled to them (home reminders, a live count's list).</summary>
    Staff,

    /// <summary>The system administrator only.</summary>
    Admin,

    /// <summary>A list or search of clients: staff who handle personal data see their own, everyone else is refused.</summary>
    PersonalList,

    /// <summary>One client's record: its owner (and organisations a consent names), nobody else.</summary>
    PersonalRecord,
}

/// <summary>The ids the URLs of the table point at: the test's own records, or 1 everywhere for a visitor who reaches nothing.</summary>
public sealed record RouteIds(int Client, int Case, int PlanCase, int Sheet, int City, int Prefecture, int Organization, int Forum, int Meeting, int Issue, int Plan,
    int Indicator, string UserId, int Year, int Conference = 1, int Event = 1, Guid Service = default, Guid Location = default, int Proposal = 1)
{
    public static readonly RouteIds Placeholder = new(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "1", 2026);
}

/// <summary>One route of the app and what the table says of it.</summary>
public sealed record RouteTarget(string Template, string Key, bool Api, bool AllowsAnonymous, IReadOnlyList<string> GetHandlers, IReadOnlyList<string> PostHandlers)
{
    /// <summary>The route carries the personal-data policy a module put on its folder (<c>PersonalDataFolder("/Clients")</c>).</summary>
    public bool PersonalDataFolder { get; init; }

    public override string ToString() => Template;
}

/// <summary>
/// Every route of the app, read from its own endpoint table (pages, their GET handlers, the API, health), each classified
/// here. A route the table does not know, or an anonymous route that is neither listed nor under /public/, fails the
/// access tests, so a route added by any later change is checked or refused until someone decides what it is.
/// </summary>
public static class RouteTable
{
    private sealed record Entry(Access Access, Func<RouteIds, string> Url);

    private static Entry E(Access access, Func<RouteIds, string> url) => new(access, url);

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Razor pages by their page path (both of an Index page's routes), API and other endpoints by their template.</summary>
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["/Account/Login"] = E(Access.Anonymous, _ => "/Account/Login"),
        ["/Account/LoginWith2fa"] = E(Access.Anonymous, _ => "/Account/LoginWith2fa"),
        ["/Account/LoginWithRecoveryCode"] = E(Access.Anonymous, _ => "/Account/LoginWithRecoveryCode"),
        ["/Error"] = E(Access.Anonymous, _ => "/Error"),
        ["/healthz"] = E(Access.Anonymous, _ => "/healthz"),
        ["/openapi/{documentName}.json"] = E(Access.Anonymous, _ => "/openapi/v1.json"),
        // A supporter's personal calendar: calendar apps cannot sign in; an unknown token answers 404 (PeerSupporterPageTests).
        ["/peer/feed/{token}.ics"] = E(Access.Anonymous, _ => "/peer/feed/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics"),
        // The Open Referral HSDS 3.0 API is anonymous by design, like the residents' pages: other systems read the published
        // directory without an account (issue 17). It serves only published services and never a confidential location
        // (DirectoryCurationTests greps it); it lives under /api/hsds/ because the HSDS OpenAPI names those paths.
        ["/api/hsds/"] = E(Access.Anonymous, _ => "/api/hsds/"),
        ["/api/hsds/profile"] = E(Access.Anonymous, _ => "/api/hsds/profile"),
        ["/api/hsds/services"] = E(Access.Anonymous, _ => "/api/hsds/services?page=1&per_page=5"),
        ["/api/hsds/services/{id}"] = E(Access.Anonymous, d => $"/api/hsds/services/{d.Service}"),
        ["/api/hsds/organizations"] = E(Access.Anonymous, _ => "/api/hsds/organizations"),
        ["/api/hsds/organizations/{id}"] = E(Access.Anonymous, _ => "/api/hsds/organizations/00000000-0000-0000-0000-000000000001"),
        ["/api/hsds/taxonomies"] = E(Access.Anonymous, _ => "/api/hsds/taxonomies"),
        ["/api/hsds/taxonomies/{id}"] = E(Access.Anonymous, _ => "/api/hsds/taxonomies/00000000-0000-0000-0000-000000000001"),
        ["/api/hsds/taxonomy_terms"] = E(Access.Anonymous, _ => "/api/hsds/taxonomy_terms"),
        ["/api/hsds/taxonomy_terms/{id}"] = E(Access.Anonymous, _ => "/api/hsds/taxonomy_terms/00000000-0000-0000-0000-000000000001"),
        ["/api/hsds/service_at_locations"] = E(Access.Anonymous, _ => "/api/hsds/service_at_locations"),
        ["/api/hsds/service_at_locations/{id}"] = E(Access.Anonymous, _ => "/api/hsds/service_at_locations/00000000-0000-0000-0000-000000000001"),
        ["/api/hsds/tabular.zip"] = E(Access.Anonymous, _ => "/api/hsds/tabular.zip"),

        ["/Account/Logout"] = E(Access.Staff, _ => "/Account/Logout"),
        ["/Account/Manage/ChangePassword"] = E(Access.Staff, _ => "/Account/Manage/ChangePassword"),
        ["/Account/Manage/Index"] = E(Access.Staff, _ => "/Account/Manage"),
        ["/About/Index"] = E(Access.Staff, _ => "/About"),
        ["/Account/Manage/TwoFactor"] = E(Access.Staff, _ => "/Account/Manage/TwoFactor"),

        ["/Admin/AccessReviewers/Index"] = E(Access.Admin, _ => "/Admin/AccessReviewers"),
        ["/Admin/Approvals/Index"] = E(Access.Admin, _ => "/Admin/Approvals"),
        ["/Admin/Audit/Index"] = E(Access.Admin, _ => "/Admin/Audit"),
        ["/Admin/Users/Edit"] = E(Access.Admin, d => $"/Admin/Users/Edit/{d.UserId}"),
        ["/Admin/Users/Index"] = E(Access.Admin, _ => "/Admin/Users"),

        ["/Cases/Conference"] = E(Access.PersonalRecord, d => $"/Cases/Conference/{N(d.Case)}"),
        ["/Cases/Details"] = E(Access.PersonalRecord, d => $"/Cases/Details/{N(d.Case)}"),
        ["/Cases/Index"] = E(Access.PersonalList, _ => "/Cases?closed=true"),
        ["/Cases/Open"] = E(Access.PersonalRecord, d => $"/Cases/Open?clientId={N(d.Client)}"),
        ["/Cases/Plan"] = E(Access.PersonalRecord, d => $"/Cases/Plan/{N(d.PlanCase)}"),
        ["/Cases/PlanDocument"] = E(Access.PersonalRecord, d => $"/Cases/PlanDocument/{N(d.PlanCase)}"),
        ["/Cases/ConferenceRecord"] = E(Access.PersonalRecord, d => $"/Cases/ConferenceRecord/{N(d.Conference)}"),
        ["/Cases/Stats"] = E(Access.Staff, d => $"/Cases/Stats?regionId={N(d.City)}"),
        ["/Clients/AccessLog"] = E(Access.PersonalRecord, d => $"/Clients/AccessLog/{N(d.Client)}"),
        ["/Clients/Consent"] = E(Access.PersonalRecord, d => $"/Clients/Consent/{N(d.Client)}"),
        ["/Clients/Details"] = E(Access.PersonalRecord, d => $"/Clients/Details/{N(d.Client)}"),
        ["/Clients/Edit"] = E(Access.PersonalRecord, d => $"/Clients/Edit/{N(d.Client)}"),
        ["/Clients/Index"] = E(Access.PersonalList, _ => "/Clients?q=みほん"),
        ["/Clients/Merge"] = E(Access.PersonalRecord, d => $"/Clients/Merge/{N(d.Client)}"),
        ["/Liaison/Details"] = E(Access.PersonalRecord, d => $"/Liaison/Details/{N(d.Sheet)}"),
        ["/Liaison/Index"] = E(Access.PersonalList, _ => "/Liaison"),
        ["/Liaison/Send"] = E(Access.PersonalRecord, d => $"/Liaison/Send?clientId={N(d.Client)}"),
        ["/api/v1/clients"] = E(Access.PersonalList, _ => "/api/v1/clients?q=みほん"),
        ["/api/v1/clients/{id:int}"] = E(Access.PersonalRecord, d => $"/api/v1/clients/{N(d.Client)}"),

        ["/Index"] = E(Access.Staff, _ => "/"),
        // 研修・啓発: events are the staff side's own records; the names on a roster are residents who registered, never clients.
        ["/Events/Calendar"] = E(Access.Staff, _ => "/Events/Calendar"),
        ["/Events/Details"] = E(Access.Staff, d => $"/Events/Details/{N(d.Event)}"),
        ["/Events/Edit"] = E(Access.Staff, d => $"/Events/Edit/{N(d.Event)}"),
        ["/Events/Index"] = E(Access.Staff, d => $"/Events?year={N(d.Year)}"),
        ["/Events/Questionnaire"] = E(Access.Staff, d => $"/Events/Questionnaire/{N(d.Event)}"),
        ["/Events/Responses"] = E(Access.Staff, d => $"/Events/Responses/{N(d.Event)}"),
        ["/Events/Roster"] = E(Access.Staff, d => $"/Events/Roster/{N(d.Event)}"),
        ["/Events/Stats"] = E(Access.Staff, d => $"/Events/Stats?regionId={N(d.City)}&year={N(d.Year)}"),
        ["/Events/Summary"] = E(Access.Staff, d => $"/Events/Summary/{N(d.Event)}"),
        ["/Events/SupporterImport"] = E(Access.Staff, _ => "/Events/SupporterImport"),
        ["/Events/Supporters"] = E(Access.Staff, d => $"/Events/Supporters?regionId={N(d.City)}&year={N(d.Year)}"),
        ["/Events/SupporterTarget"] = E(Access.Staff, _ => "/Events/SupporterTarget"),
        // 地域アセスメント: organisations' answers about their activities, never a person's (the form warns not to write about clients);
        // who reads which answer is SurveyLoopTests' route-by-route test.
        ["/Surveys/Answer"] = E(Access.Staff, _ => "/Surveys/Answer/1"),
        ["/Surveys/Details"] = E(Access.Staff, _ => "/Surveys/Details/1"),
        ["/Surveys/Edit"] = E(Access.Staff, _ => "/Surveys/Edit"),
        ["/Surveys/Index"] = E(Access.Staff, _ => "/Surveys"),
        ["/Surveys/Letters"] = E(Access.Staff, _ => "/Surveys/Letters/1"),
        ["/Surveys/Questions"] = E(Access.Staff, _ => "/Surveys/Questions/1"),
        ["/Surveys/Recipients"] = E(Access.Staff, _ => "/Surveys/Recipients/1"),
        ["/Surveys/Results"] = E(Access.Staff, _ => "/Surveys/Results/1"),
        ["/Surveys/RollUp"] = E(Access.Staff, _ => "/Surveys/RollUp/1"),
        ["/Surveys/Share"] = E(Access.Staff, _ => "/Surveys/Share/1"),
        ["/Surveys/Shared"] = E(Access.Staff, _ => "/Surveys/Shared/1"),
        ["/Surveys/Snapshot"] = E(Access.Staff, _ => "/Surveys/Snapshot/1"),
        // An event or a directory service made from an organisation's 取組 (SurveyActionTests: the secretariat only, route by route).
        ["/Surveys/ToEvent"] = E(Access.Staff, _ => "/Surveys/ToEvent/1?activity=1"),
        ["/Surveys/ToService"] = E(Access.Staff, _ => "/Surveys/ToService/1?activity=1"),
        // 社会資源 (the directory): services, locations and proposals are organisations' public-facing entries, never a person's;
        // a confidential location is shown only to its organisation and the area's curators (DirectoryCurationTests).
        // ピアサポート (issue 18): coordinators of a registry (its owner's or 委託先's staff who handle personal data), the
        // supporter's own pages, and the administrators' settings. PeerAccessTests walks them as a peer supporter.
        ["/Peer/Desk/Index"] = E(Access.Staff, _ => "/Peer"),
        ["/Peer/Desk/Request"] = E(Access.Staff, _ => "/Peer/Request/1"),
        ["/Peer/Desk/Supporter"] = E(Access.Staff, _ => "/Peer/Supporter/1"),
        ["/Peer/Desk/Supporters"] = E(Access.Staff, _ => "/Peer/Supporters"),
        ["/Peer/Desk/Statements"] = E(Access.Staff, _ => "/Peer/Statements"),
        ["/Peer/My/Index"] = E(Access.Staff, _ => "/Peer/My"),
        ["/Peer/My/Statement"] = E(Access.Staff, _ => "/Peer/My/Statement"),
        ["/Peer/Settings/Index"] = E(Access.Admin, _ => "/Peer/Settings"),
        ["/api/v1/peer/requests"] = E(Access.Staff, _ => "/api/v1/peer/requests"),
        ["/api/v1/peer/requests/{id:int}"] = E(Access.Staff, _ => "/api/v1/peer/requests/1"),
        ["/api/v1/peer/dispatches"] = E(Access.Staff, _ => "/api/v1/peer/dispatches"),
        ["/Directory/CrossCheck"] = E(Access.Staff, _ => "/Directory/CrossCheck"),
        ["/Directory/Details"] = E(Access.Staff, d => $"/Directory/Details/{d.Service}"),
        ["/Directory/Edit"] = E(Access.Staff, d => $"/Directory/Edit/{d.Service}"),
        ["/Directory/Geocoding"] = E(Access.Admin, _ => "/Directory/Geocoding"),
        ["/Directory/Import"] = E(Access.Staff, _ => "/Directory/Import"),
        ["/Directory/Index"] = E(Access.Staff, _ => "/Directory?q=相談&show=all"),
        ["/Directory/Location"] = E(Access.Staff, d => $"/Directory/Location/{d.Location}"),
        ["/Directory/Locations"] = E(Access.Staff, _ => "/Directory/Locations"),
        ["/Directory/Organization"] = E(Access.Staff, d => $"/Directory/Organization/{N(d.Organization)}"),
        ["/Directory/Proposal"] = E(Access.Staff, d => $"/Directory/Proposal/{N(d.Proposal)}"),
        ["/Directory/Proposals"] = E(Access.Staff, _ => "/Directory/Proposals"),
        ["/Forums/Calendar"] = E(Access.Staff, _ => "/Forums/Calendar"),
        ["/Forums/Details"] = E(Access.Staff, d => $"/Forums/Details/{N(d.Forum)}"),
        ["/Forums/Document"] = E(Access.Staff, d => $"/Forums/Document/{N(d.Forum)}"),
        ["/Forums/Edit"] = E(Access.Staff, d => $"/Forums/Edit/{N(d.Forum)}"),
        ["/Forums/Hearing"] = E(Access.Staff, d => $"/Forums/Hearing?forumId={N(d.Forum)}"),
        ["/Forums/Index"] = E(Access.Staff, _ => "/Forums"),
        ["/Forums/Issue"] = E(Access.Staff, d => $"/Forums/Issue/{N(d.Issue)}"),
        ["/Forums/IssueEdit"] = E(Access.Staff, d => $"/Forums/IssueEdit?forumId={N(d.Forum)}"),
        ["/Forums/Issues"] = E(Access.Staff, _ => "/Forums/Issues"),
        ["/Forums/Meeting"] = E(Access.Staff, d => $"/Forums/Meeting/{N(d.Meeting)}"),
        ["/Forums/MeetingEdit"] = E(Access.Staff, d => $"/Forums/MeetingEdit?forumId={N(d.Forum)}"),
        ["/Forums/Report"] = E(Access.Staff, d => $"/Forums/Report?regionId={N(d.City)}"),
        ["/Organizations/Departments/Edit"] = E(Access.Staff, d => $"/Organizations/Departments/Edit?regionId={N(d.City)}"),
        ["/Organizations/Departments/Index"] = E(Access.Staff, _ => "/Organizations/Departments"),
        ["/Organizations/Details"] = E(Access.Staff, d => $"/Organizations/Details/{N(d.Organization)}"),
        ["/Organizations/Edit"] = E(Access.Staff, d => $"/Organizations/Edit/{N(d.Organization)}"),
        ["/Organizations/Import"] = E(Access.Staff, _ => "/Organizations/Import"),
        ["/Organizations/Index"] = E(Access.Staff, _ => "/Organizations"),
        ["/Plans/Challenge"] = E(Access.Staff, d => $"/Plans/Challenge/{N(d.Plan)}"),
        ["/Plans/Count"] = E(Access.Staff, d => $"/Plans/Count/{N(d.Indicator)}"),
        ["/Plans/Details"] = E(Access.Staff, d => $"/Plans/Details/{N(d.City)}?year={N(d.Year)}"),
        ["/Plans/Edit"] = E(Access.Staff, d => $"/Plans/Edit/{N(d.City)}?year={N(d.Year)}"),
        ["/Plans/Evaluate"] = E(Access.Staff, d => $"/Plans/Evaluate/{N(d.Plan)}"),
        ["/Plans/History"] = E(Access.Staff, d => $"/Plans/History/{N(d.City)}"),
        ["/Plans/Index"] = E(Access.Staff, d => $"/Plans?year={N(d.Year)}&regionId={N(d.Prefecture)}"),
        ["/Plans/Indicator"] = E(Access.Staff, d => $"/Plans/Indicator/{N(d.Plan)}"),
        ["/Plans/Schedule"] = E(Access.Staff, d => $"/Plans/Schedule/{N(d.Plan)}?kind=ThisYear"),
        ["/Plans/Sheet"] = E(Access.Staff, d => $"/Plans/Sheet/{N(d.City)}?year={N(d.Year)}"),
        ["/Profiles/Edit"] = E(Access.Staff, d => $"/Profiles/Edit/{N(d.City)}"),
        ["/Profiles/History"] = E(Access.Staff, d => $"/Profiles/History/{N(d.City)}"),
        ["/Profiles/Import"] = E(Access.Staff, _ => "/Profiles/Import"),
        ["/Profiles/Index"] = E(Access.Staff, _ => "/Profiles"),
        ["/Profiles/Region"] = E(Access.Staff, d => $"/Profiles/Region/{N(d.City)}"),
        ["/Profiles/Rollup"] = E(Access.Staff, d => $"/Profiles/Rollup/{N(d.Prefecture)}"),
        ["/Profiles/Targets/Edit"] = E(Access.Staff, _ => "/Profiles/Targets/Edit"),
        ["/Profiles/Targets/Index"] = E(Access.Staff, _ => "/Profiles/Targets"),
        ["/Regions/Details"] = E(Access.Staff, d => $"/Regions/Details/{N(d.City)}"),
        ["/Regions/Edit"] = E(Access.Staff, d => $"/Regions/Edit/{N(d.City)}"),
        ["/Regions/Import"] = E(Access.Staff, _ => "/Regions/Import"),
        ["/Regions/Index"] = E(Access.Staff, _ => "/Regions"),
        ["/api/v1/me"] = E(Access.Staff, _ => "/api/v1/me"),
        ["/api/v1/me/calendar.ics"] = E(Access.Staff, _ => "/api/v1/me/calendar.ics"),
        ["/api/v1/regions"] = E(Access.Staff, _ => "/api/v1/regions"),
        ["/api/v1/regions/{code}"] = E(Access.Staff, _ => "/api/v1/regions/472018"),
        ["/api/v1/regions/{code}/profile"] = E(Access.Staff, _ => "/api/v1/regions/472018/profile"),
        ["/api/v1/regions/{code}/profile/history"] = E(Access.Staff, _ => "/api/v1/regions/472018/profile/history"),
        ["/api/v1/regions/{code}/forums"] = E(Access.Staff, _ => "/api/v1/regions/472018/forums"),
        ["/api/v1/regions/{code}/plans/{fy:int}"] = E(Access.Staff, d => $"/api/v1/regions/472018/plans/{N(d.Year)}"),
        ["/api/v1/forums/{id:int}/calendar.ics"] = E(Access.Staff, d => $"/api/v1/forums/{N(d.Forum)}/calendar.ics"),
        ["/api/v1/organizations"] = E(Access.Staff, _ => "/api/v1/organizations"),
        ["/api/v1/organizations/{id:int}"] = E(Access.Staff, d => $"/api/v1/organizations/{N(d.Organization)}"),
    };

    /// <summary>Every route of the app: Razor pages with their named handlers, API and plain endpoints.</summary>
    public static IReadOnlyList<RouteTarget> Routes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e =>
        {
            var template = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var page = e.Metadata.GetMetadata<CompiledPageActionDescriptor>();
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var personal = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Nimo.Platform.Identity.Capabilities.PersonalDataPolicy);
            return page is null
                ? new RouteTarget(template, template, template.StartsWith("/api/", StringComparison.Ordinal), anonymous, [], []) { PersonalDataFolder = personal }
                : new RouteTarget(template, page.ViewEnginePath, false, anonymous,
                    [.. page.HandlerMethods.Where(h => h.HttpMethod == "Get" && h.Name is { Length: > 0 }).Select(h => h.Name!).Distinct()],
                    [.. page.HandlerMethods.Where(h => h.HttpMethod == "Post").Select(h => h.Name ?? "").Distinct()]) { PersonalDataFolder = personal };
        }).DistinctBy(r => r.Template)];

    /// <summary>
    /// The class of a route, or null when the table cannot say: an unknown route, or an anonymous one that is neither in the
    /// table as anonymous nor under /public/ (anonymous pages live there and nowhere else). A route in a personal-data folder
    /// (its module's <c>PersonalDataFolder</c>) shows personal data whatever the table says: a record, or a list where the
    /// table says so; a new folder's pages are covered the day they exist, checked at their template with the client's id.
    /// </summary>
    public static Access? Classify(RouteTarget route)
    {
        if (route.PersonalDataFolder && !route.AllowsAnonymous)
        {
            return Entries.TryGetValue(route.Key, out var listed) && listed.Access == Access.PersonalList ? Access.PersonalList : Access.PersonalRecord;
        }

        if (route.AllowsAnonymous)
        {
            var listed = Entries.TryGetValue(route.Key, out var a) && a.Access == Access.Anonymous;
            return listed || route.Template.StartsWith("/public/", StringComparison.OrdinalIgnoreCase) ? Access.Anonymous : null;
        }

        return Entries.TryGetValue(route.Key, out var entry) && entry.Access != Access.Anonymous ? entry.Access : null;
    }

    /// <summary>The URL the route is checked at; a route under /public/ not in the table with its parameters as 1.</summary>
    public static string Url(RouteTarget route, RouteIds ids) => Entries.TryGetValue(route.Key, out var entry)
        ? entry.Url(ids)
        : System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{[^}]+\}", route.PersonalDataFolder ? N(ids.Client) : "1");

    /// <summary>Routes the table calls personal that no personal-data folder policy protects (the API aside, which has its own rule per call).</summary>
    public static IEnumerable<RouteTarget> PersonalWithoutFolderPolicy(IEnumerable<RouteTarget> routes) =>
        routes.Where(r => !r.Api && !r.PersonalDataFolder && Entries.TryGetValue(r.Key, out var e) && e.Access is Access.PersonalList or Access.PersonalRecord);

    /// <summary>
    /// Anonymous routes outside every module's public folder, each with the reason it may be: the way in, the error page,
    /// the load balancer's probe and the API's description. Anything else anonymous belongs in a <c>Public/</c> folder.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AnonymousOutsidePublicFolders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Account/Login"] = "the way in",
        ["/Account/LoginWith2fa"] = "the second step of the way in, before the sign-in is complete",
        ["/Account/LoginWithRecoveryCode"] = "the second step with a recovery code",
        ["/Error"] = "the error page must answer whoever met the error",
        ["/healthz"] = "the load balancer's probe; answers ok and nothing else",
        ["/openapi/{documentName}.json"] = "the API's description: routes and shapes, no data",
        ["/peer/feed/{token}.ics"] = "a peer supporter's own calendar, fetched by a calendar app that cannot sign in; the secret token is the key, revocable",
    }.Concat(new[]
    {
        "/api/hsds/", "/api/hsds/profile", "/api/hsds/services", "/api/hsds/services/{id}", "/api/hsds/organizations", "/api/hsds/organizations/{id}",
        "/api/hsds/taxonomies", "/api/hsds/taxonomies/{id}", "/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms/{id}",
        "/api/hsds/service_at_locations", "/api/hsds/service_at_locations/{id}", "/api/hsds/tabular.zip",
    }.Select(key => KeyValuePair.Create(key, "the published resource directory as HSDS 3.0 open data, at the paths the HSDS OpenAPI names "
        + "(published services and non-confidential places only; DirectorySurfaceTests)"))).ToDictionary(StringComparer.Ordinal);

    /// <summary>The route's URL with a named GET or POST handler.</summary>
    public static string WithHandler(string url, string handler) =>
        handler.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + handler;
}
