namespace Nimo.Platform.Japanese;

/// <summary>Instants are stored in UTC; people read them in Japan Standard Time (no daylight saving).</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTimeOffset ToJst(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToJst(clock.GetUtcNow()).DateTime);
}
