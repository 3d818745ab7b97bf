using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nimo.Tests.Robustness;

/// <summary>A field of a form as the page drew it: its name, kind, current value and (for a select or radio) its choices.</summary>
public sealed record FormField(string Name, string Kind, string Value, IReadOnlyList<string> Options);

/// <summary>A form found on a page: who saw it, where it posts, the route and handler that answer, and its fields.</summary>
public sealed record FormTarget(string User, string PageUrl, string Action, string Route, string Handler, bool Multipart, IReadOnlyList<FormField> Fields)
{
    public string Key => $"{Route} {Handler}";

    public override string ToString() => $"{User} POST {Action}";
}

/// <summary>A page reached by a GET, with the route it matched.</summary>
public sealed record PageVisit(string User, string Url, string Route);

/// <summary>
/// The app's routes read from its own endpoint table, and a crawl of the demo installation through the links each user
/// sees: that is how the tests get real ids, real antiforgery tokens and the forms as they are drawn.
/// </summary>
public sealed partial class SiteMap
{
    public IReadOnlyList<RoutePattern> Routes { get; }
    public List<FormTarget> Forms { get; } = [];
    public List<PageVisit> Pages { get; } = [];
    private HashSet<string> FormKeys { get; } = new(StringComparer.Ordinal);

    public sealed record RoutePattern(string Template, Regex Matcher, string PagePath, Type? Model)
    {
        public IReadOnlyList<string> PostHandlers => Model is null ? [] :
            [.. Model.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name)
                .Where(n => n.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(n => n["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
    }

    public SiteMap(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var assembly = typeof(Program).Assembly;
        Routes = [.. endpoints
            .Select(e => (Template: e.RoutePattern.RawText?.TrimStart('/') ?? "", Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()?.ViewEnginePath))
            .Where(e => e.Page is not null)
            .DistinctBy(e => e.Template)
            .Select(e => new RoutePattern(e.Template, ToRegex(e.Template), e.Page!,
                assembly.GetType("Nimo.Features" + e.Page!.Replace('/', '.') + "Model")))];
    }

    /// <summary>The route a local URL reaches (the most literal one when several match).</summary>
    public RoutePattern? Match(string url)
    {
        var path = url.Split('?', '#')[0].Trim('/');
        return Routes.Where(r => r.Matcher.IsMatch(path)).OrderByDescending(r => r.Template.Count(c => c == '/') - r.Template.Count(c => c == '{')).FirstOrDefault();
    }

    private static Regex ToRegex(string template)
    {
        var parts = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pattern = "";
        foreach (var part in parts)
        {
            if (part.StartsWith('{'))
            {
                var optional = part.EndsWith("?}", StringComparison.Ordinal);
                var segment = part.Contains(":int", StringComparison.Ordinal) ? "-?[0-9]+" : "[^/]+";
                pattern += optional ? $"(?:/{segment})?" : $"/{segment}";
            }
            else
            {
                pattern += "/" + Regex.Escape(part);
            }
        }

        return new Regex("^" + pattern.TrimStart('/') + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// Follows every local link <paramref name="user"/> sees from the start pages, at most <paramref name="perRoute"/> URLs per
    /// route and handler (more while they keep showing new forms; the start pages always), and records the pages and the forms on them. <paramref name="skip"/> keeps the crawl off URLs
    /// that must not be touched (another user's account page, say).
    /// </summary>
    public async Task CrawlAsync(string user, HttpClient client, IEnumerable<string> start, int perRoute, Func<string, bool> skip)
    {
        var seeds = start.ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<string>(seeds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var perKey = new Dictionary<string, int>(StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url) || skip(url))
            {
                continue;
            }

            var route = Match(url);
            if (route is null)
            {
                continue;
            }

            var key = route.Template + " " + QueryValue(url, "handler");
            if (perKey.GetValueOrDefault(key) >= perRoute && !seeds.Contains(url))
            {
                continue;
            }

            perKey[key] = perKey.GetValueOrDefault(key) + 1;
            var formsBefore = FormKeys.Count;
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            Pages.Add(new PageVisit(user, url, route.Template));
            foreach (var form in ParseForms(user, url, html))
            {
                if (!skip(form.Action))
                {
                    Forms.Add(form);
                    FormKeys.Add(form.User + " " + form.Key);
                }
            }

            // A page that showed a form not seen before (a case in another state, a plan that exists) earns its route
            // more visits: the forms of a page depend on the record behind it.
            if (FormKeys.Count > formsBefore)
            {
                perKey[key] -= 1;
            }

            foreach (Match link in Href().Matches(html))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/css/", StringComparison.Ordinal))
                {
                    queue.Enqueue(href.Split('#')[0]);
                }
            }
        }
    }

    private static string QueryValue(string url, string name)
    {
        var query = url.Contains('?', StringComparison.Ordinal) ? url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        return query.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault() ?? "";
    }

    /// <summary>The post forms of a page, one target per submit button with its own formaction.</summary>
    public IEnumerable<FormTarget> ParseForms(string user, string pageUrl, string html)
    {
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = form.Groups[1].Value;
            if (!Attribute(attributes, "method").Equals("post", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var body = form.Groups[2].Value;
            var action = Attribute(attributes, "action") is { Length: > 0 } a ? a : pageUrl;
            var multipart = Attribute(attributes, "enctype").Contains("multipart", StringComparison.OrdinalIgnoreCase);
            var fields = Fields(body);
            var actions = new List<string> { action };
            actions.AddRange(ButtonElement().Matches(body).Select(b => Attribute(b.Groups[1].Value, "formaction")).Where(f => f.Length > 0));
            foreach (var target in actions.Distinct(StringComparer.Ordinal))
            {
                var route = Match(target);
                if (route is null)
                {
                    continue;
                }

                yield return new FormTarget(user, pageUrl, target, route.Template, QueryValue(target, "handler"), multipart, fields);
            }
        }
    }

    private static List<FormField> Fields(string body)
    {
        var fields = new List<FormField>();
        foreach (Match input in InputElement().Matches(body))
        {
            var a = input.Groups[1].Value;
            var name = Attribute(a, "name");
            var type = Attribute(a, "type") is { Length: > 0 } t ? t.ToLowerInvariant() : "text";
            if (name.Length == 0 || name == "__RequestVerificationToken" || type is "submit" or "button" or "image" or "reset")
            {
                continue;
            }

            if (type is "checkbox" or "radio")
            {
                var value = Attribute(a, "value") is { Length: > 0 } v ? v : "on";
                var existing = fields.FindIndex(f => f.Name == name && f.Kind == type);
                if (existing >= 0)
                {
                    fields[existing] = fields[existing] with { Options = [.. fields[existing].Options, value] };
                    if (a.Contains("checked", StringComparison.Ordinal))
                    {
                        fields[existing] = fields[existing] with { Value = value };
                    }

                    continue;
                }

                fields.Add(new FormField(name, type, a.Contains("checked", StringComparison.Ordinal) ? value : "", [value]));
                continue;
            }

            fields.Add(new FormField(name, type, Attribute(a, "value"), []));
        }

        foreach (Match select in SelectElement().Matches(body))
        {
            var name = Attribute(select.Groups[1].Value, "name");
            var options = OptionElement().Matches(select.Groups[2].Value).Select(o => (Value: Attribute(o.Groups[1].Value, "value") is { } v && o.Groups[1].Value.Contains("value=", StringComparison.Ordinal) ? v : WebUtility.HtmlDecode(o.Groups[2].Value).Trim(), Selected: o.Groups[1].Value.Contains("selected", StringComparison.Ordinal))).ToList();
            if (name.Length > 0)
            {
                fields.Add(new FormField(name, "select", options.FirstOrDefault(o => o.Selected).Value ?? options.FirstOrDefault().Value ?? "", [.. options.Select(o => o.Value)]));
            }
        }

        foreach (Match area in TextAreaElement().Matches(body))
        {
            var name = Attribute(area.Groups[1].Value, "name");
            if (name.Length > 0)
            {
                fields.Add(new FormField(name, "textarea", WebUtility.HtmlDecode(area.Groups[2].Value).TrimStart('\n'), []));
            }
        }

        foreach (Match button in ButtonElement().Matches(body))
        {
            var name = Attribute(button.Groups[1].Value, "name");
            if (name.Length > 0 && !fields.Any(f => f.Name == name))
            {
                fields.Add(new FormField(name, "button", Attribute(button.Groups[1].Value, "value"), []));
            }
        }

        return fields;
    }

    private static string Attribute(string attributes, string name)
    {
        var m = Regex.Match(attributes, $"""(?:^|\s){Regex.Escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", RegexOptions.IgnoreCase);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value) : "";
    }

    [GeneratedRegex("""<form\b([^>]*)>(.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<input\b([^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex("""<select\b([^>]*)>(.*?)</select>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectElement();

    [GeneratedRegex("""<option\b([^>]*)>(.*?)</option>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();

    [GeneratedRegex("""<textarea\b([^>]*)>(.*?)</textarea>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreaElement();

    [GeneratedRegex("""<button\b([^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonElement();

    [GeneratedRegex("""href="([^"]+)""")]
    private static partial Regex Href();
}
