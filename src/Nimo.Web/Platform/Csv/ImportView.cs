namespace Nimo.Platform.Csv;

/// <summary>What the shared import form shows: the expected columns, an example, and the outcome of the last attempt.</summary>
public sealed record ImportView(string Title, IReadOnlyList<string> Columns, string Example, IReadOnlyList<string> Errors, string? Result, string? EncodingName);
