namespace Nimo.Tests.Infrastructure;

/// <summary>
/// Runs the app's command line in-process through the real entry point against a test database. It swaps Console, so
/// its callers belong to the "cli" collection, which runs alone.
/// </summary>
public static class CliRunner
{
    public static Task<(int Code, string Out, string Error)> RunAsync(TestDatabase database, params string[] args) =>
        RunInAsync("Testing", database, args);

    /// <summary>The same in another hosting environment (Production: what an installation runs).</summary>
    public static async Task<(int Code, string Out, string Error)> RunInAsync(string environment, TestDatabase database, params string[] args)
    {
        // The settings go between the verb's words and its options: after a trailing flag (`token revoke --user x --all`) the
        // configuration reader would take the next argument as the flag's value, and the provider with it.
        var words = args.TakeWhile(a => !a.StartsWith('-')).Count();
        string[] all = [.. args[..words], $"--Database:Provider={database.Provider}", $"--ConnectionStrings:Nimo={database.ConnectionString}",
            $"--Nimo:StateDirectory={database.StateDirectory}", $"--environment={environment}", .. args[words..]];
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var result = typeof(Program).Assembly.EntryPoint!.Invoke(null, [all]);
            var code = result switch
            {
                Task<int> task => await task,
                int i => i,
                _ => throw new InvalidOperationException("unexpected entry point"),
            };
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
