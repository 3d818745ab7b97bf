namespace Nimo.Platform.Data;

/// <summary>
/// An editable record with an application-managed concurrency token. SQLite has no rowversion, so the
/// token is a Guid renewed on every save (see NimoDbContext); the same works on PostgreSQL.
/// </summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

/// <summary>A domain rule was broken; the message is Japanese and safe to show to the user.</summary>
public sealed class DomainRuleException(string message) : Exception(message);
