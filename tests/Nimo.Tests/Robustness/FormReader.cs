using System.Net;
using System.Text.RegularExpressions;

namespace Nimo.Tests.Robustness;

/// <summary>A control of a form in document order, with every attribute, its label and (for a select or radio group) its choices with their labels.</summary>
public sealed record FormControl(string Element, string Name, string Type, string Value, IReadOnlyDictionary<string, string> Attributes, string Label, IReadOnlyList<(string Value, string Label)> Options)
{
    public string Attr(string name) => Attributes.GetValueOrDefault(name) ?? "";

    public bool Has(string name) => Attributes.ContainsKey(name);
}

/// <summary>A submit button of a form: where it posts and the name and value it adds.</summary>
public sealed record SubmitButton(string Action, string? Name, string? Value, string Text);

/// <summary>A form as a person's browser sees it: controls in order, labels, the submit buttons and their targets.</summary>
public sealed record PageForm(string Method, string Action, bool Multipart, IReadOnlyList<FormControl> Controls, IReadOnlyList<SubmitButton> Buttons, string Html)
{
    public string? Token => Controls.FirstOrDefault(c => c.Name == "__RequestVerificationToken")?.Value;
}

/// <summary>
/// Reads the forms of a page more closely than <see cref="SiteMap"/> needs to for junk: in document order, with
/// min/max/maxlength, labels and option texts, so that the valid-submission crawler can fill a form as a person would.
/// </summary>
public static partial class FormReader
{
    public static List<PageForm> Read(string pageUrl, string html)
    {
        string ById(string id) => Regex.Match(html, $"""<(\w+)\b[^>]*\bid="{Regex.Escape(id)}"[^>]*>(.*?)</\1>""", RegexOptions.Singleline) is { Success: true } m ? Text(m.Groups[2].Value) : "";
        var labels = Label().Matches(html).Where(m => Attrs(m.Groups[1].Value).ContainsKey("for"))
            .GroupBy(m => Attrs(m.Groups[1].Value)["for"]).ToDictionary(g => g.Key, g => Text(g.First().Groups[2].Value), StringComparer.Ordinal);
        var forms = new List<PageForm>();
        foreach (Match form in FormElement().Matches(html))
        {
            var attributes = Attrs(form.Groups[1].Value);
            var method = attributes.GetValueOrDefault("method", "get").ToLowerInvariant();

            var action = attributes.GetValueOrDefault("action") is { Length: > 0 } a ? a : pageUrl;
            var controls = new List<FormControl>();
            var buttons = new List<SubmitButton>();
            // Controls outside the form that name it (form="id", one form per table row) are sent with it, as a browser does;
            // they come before it in the page, so they are read first.
            var body = form.Groups[2].Value;
            if (attributes.GetValueOrDefault("id") is { Length: > 0 } formId)
            {
                body = string.Concat(Control().Matches(html).Where(m => m.Index < form.Index && Attrs(m.Groups["attrs"].Value).GetValueOrDefault("form") == formId)
                    .Select(m => m.Value)) + body;
            }

            var disabledRanges = DisabledFieldsets(body);
            foreach (Match element in Control().Matches(body))
            {
                var tag = element.Groups["tag"].Value.ToLowerInvariant();
                var attrs = Attrs(element.Groups["attrs"].Value);
                // A control inside <fieldset disabled> is disabled, as a browser has it: neither typed in nor sent.
                if (disabledRanges.Any(r => element.Index > r.Start && element.Index < r.End))
                {
                    if (tag is "button" || tag is "input" && (attrs.GetValueOrDefault("type") ?? "").ToLowerInvariant() is "submit" or "image")
                    {
                        continue;
                    }

                    attrs.TryAdd("disabled", "");
                }

                var name = attrs.GetValueOrDefault("name") ?? "";
                var id = attrs.GetValueOrDefault("id") ?? "";
                var label = labels.GetValueOrDefault(id) ?? attrs.GetValueOrDefault("aria-label")
                    ?? (attrs.GetValueOrDefault("aria-labelledby") is { Length: > 0 } by ? string.Join(" ", by.Split(' ').Select(ById)) : "");
                switch (tag)
                {
                    case "input":
                        var type = (attrs.GetValueOrDefault("type") ?? "text").ToLowerInvariant();
                        if (type is "submit" or "image")
                        {
                            buttons.Add(new SubmitButton(attrs.GetValueOrDefault("formaction") is { Length: > 0 } fa ? fa : action, name.Length > 0 ? name : null, attrs.GetValueOrDefault("value"), attrs.GetValueOrDefault("value") ?? ""));
                        }
                        else if (type is not ("button" or "reset") && name.Length > 0)
                        {
                            controls.Add(new FormControl("input", name, type, attrs.GetValueOrDefault("value") ?? (type is "checkbox" or "radio" ? "on" : ""), attrs, label, []));
                        }

                        break;
                    case "select":
                        var options = OptionElement().Matches(element.Groups["body"].Value)
                            .Select(o => (Attrs: Attrs(o.Groups[1].Value), Text: Text(o.Groups[2].Value)))
                            .Select(o => (Value: o.Attrs.GetValueOrDefault("value") ?? o.Text, Label: o.Text, Selected: o.Attrs.ContainsKey("selected"))).ToList();
                        if (name.Length > 0)
                        {
                            controls.Add(new FormControl("select", name, attrs.ContainsKey("multiple") ? "select-multiple" : "select",
                                options.FirstOrDefault(o => o.Selected).Value ?? options.FirstOrDefault().Value ?? "", attrs, label, [.. options.Select(o => (o.Value, o.Label))]));
                        }

                        break;
                    case "textarea":
                        if (name.Length > 0)
                        {
                            controls.Add(new FormControl("textarea", name, "textarea", WebUtility.HtmlDecode(element.Groups["body"].Value).TrimStart('\n'), attrs, label, []));
                        }

                        break;
                    case "button":
                        var buttonType = (attrs.GetValueOrDefault("type") ?? "submit").ToLowerInvariant();
                        if (buttonType == "submit")
                        {
                            buttons.Add(new SubmitButton(attrs.GetValueOrDefault("formaction") is { Length: > 0 } fa ? fa : action, name.Length > 0 ? name : null, attrs.GetValueOrDefault("value") ?? "", Text(element.Groups["body"].Value)));
                        }

                        break;
                }
            }

            if (buttons.Count == 0 && controls.Any(c => !c.Has("disabled") && c.Type is not "hidden"))
            {
                // Enter in a field submits a form without a button (a form whose every field is disabled cannot be submitted).
                buttons.Add(new SubmitButton(action, null, null, ""));
            }

            forms.Add(new PageForm(method, action, attributes.GetValueOrDefault("enctype", "").Contains("multipart", StringComparison.OrdinalIgnoreCase), controls, buttons, form.Value));
        }

        return forms;
    }

    /// <summary>Where each <c>&lt;fieldset disabled&gt;</c> of a form's body starts and ends (nested fieldsets counted).</summary>
    private static List<(int Start, int End)> DisabledFieldsets(string body)
    {
        var ranges = new List<(int Start, int End)>();
        var open = new Stack<(int Start, bool Disabled)>();
        foreach (Match tag in FieldsetTag().Matches(body))
        {
            if (tag.Groups["close"].Success)
            {
                if (open.TryPop(out var start) && start.Disabled)
                {
                    ranges.Add((start.Start, tag.Index));
                }
            }
            else
            {
                open.Push((tag.Index, Attrs(tag.Groups["attrs"].Value).ContainsKey("disabled")));
            }
        }

        return ranges;
    }

    public static Dictionary<string, string> Attrs(string attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Attribute().Matches(attributes))
        {
            var value = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Success ? m.Groups[4].Value : "";
            result.TryAdd(m.Groups[1].Value, WebUtility.HtmlDecode(value));
        }

        return result;
    }

    /// <summary>The text of an HTML fragment: tags removed, entities decoded, white space collapsed.</summary>
    public static string Text(string html) => Space().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("""<form\b([^>]*)>(.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex("""<(?<tag>input)\b(?<attrs>[^>]*)>|<(?<tag>select|textarea|button)\b(?<attrs>[^>]*)>(?<body>.*?)</\k<tag>>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Control();

    [GeneratedRegex("""<option\b([^>]*)>(.*?)</option>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex OptionElement();

    [GeneratedRegex("""<label\b([^>]*)>(.*?)</label>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex("""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")]
    private static partial Regex Attribute();

    [GeneratedRegex("""<(?<close>/)?fieldset\b(?<attrs>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex FieldsetTag();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
