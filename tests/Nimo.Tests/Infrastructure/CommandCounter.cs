using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nimo.Tests.Infrastructure;

/// <summary>
/// Counts the commands EF sends to one database (the suite runs other apps on other databases at the same time), leaving
/// out the statements the filter given at construction names.
/// </summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string? _connectionString;
    private readonly Func<string, bool> _ignore;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<string> _statements = [];
    private int _count;

    public CommandCounter(string? connectionString, Func<string, bool>? ignore = null)
    {
        _connectionString = connectionString;
        _ignore = ignore ?? (_ => false);
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of each counted command since the last <see cref="Reset"/>, for a failure message that says which.</summary>
    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements];
            }
        }
    }

    public void Reset()
    {
        lock (_statements)
        {
            _statements.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && data.Context?.Database.GetConnectionString() == _connectionString && !_ignore(data.Command.CommandText))
        {
            Interlocked.Increment(ref _count);
            lock (_statements)
            {
                _statements.Add(data.Command.CommandText);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
