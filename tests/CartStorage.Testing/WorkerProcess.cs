using System.Diagnostics;
using System.Text;
using FluentAssertions;

namespace CartStorage.Testing;

/// <summary>
/// One running CartStorage.Worker process (tests/CartStorage.Worker): a separate OS process using the library
/// through its public API. Its configuration is passed as environment variables.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly List<string> lines = [];
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>Lines the worker printed on stdout so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>How many operations the worker reported as acknowledged ("ack N" lines).</summary>
    public int Acknowledged => Lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal));

    /// <summary>What the worker printed on stderr.</summary>
    public string Errors
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>The operating system's process id (to pause it with SIGSTOP, for example).</summary>
    public int Id => process.Id;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Starts the worker with <paramref name="arguments"/> and the environment variables in <paramref name="environment"/>.</summary>
    public static WorkerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerDll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker.lines)
                {
                    worker.lines.Add(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker.stderr)
                {
                    worker.stderr.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => worker.exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Waits for every worker to exit within <paramref name="timeout"/>, fails with the first one's errors if it did not
    /// exit with 0, and disposes them all.
    /// </summary>
    public static async Task WaitAllAsync(IReadOnlyList<WorkerProcess> workers, TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(timeout)));
            foreach (var worker in workers)
            {
                worker.ExitCode.Should().Be(0, worker.Errors);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>Waits for the worker to exit; fails with its output if it does not within <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await exited.Task.WaitAsync(timeout);
            await process.WaitForExitAsync(); // drains the redirected streams
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"Worker did not exit within {timeout}. stdout tail: {string.Join(" | ", Lines.TakeLast(5))}; stderr: {Errors}");
        }
    }

    /// <summary>Waits until the worker prints <paramref name="line"/>.</summary>
    public async Task WaitForLineAsync(string line, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!Lines.Contains(line))
        {
            if (exited.Task.IsCompleted)
            {
                throw new InvalidOperationException($"Worker exited before printing '{line}'. stderr: {Errors}");
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Kills the worker at once (SIGKILL on Linux): no cleanup, no lock release.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string WorkerDll()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = baseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Repository.File("tests", "CartStorage.Worker", "bin", configuration, "net10.0", "CartStorage.Worker.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} not found: build the solution (the test project references the worker so 'dotnet test' builds it).");
    }
}
