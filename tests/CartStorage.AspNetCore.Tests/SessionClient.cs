using Microsoft.AspNetCore.Http;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// One browser of a <see cref="SessionHost"/>. <see cref="RunAsync{T}"/> sends one HTTP request with this browser's
/// session cookie and runs the given code inside it; the result or exception comes back once the whole response,
/// and so the session middleware's own commit, has completed.
/// </summary>
public sealed class SessionClient : IDisposable
{
    private readonly SessionHost host;
    private readonly CookieHandler cookies;
    private readonly HttpClient http;

    internal SessionClient(SessionHost host, HttpMessageHandler handler)
    {
        this.host = host;
        cookies = new CookieHandler(handler);
        http = new HttpClient(cookies) { BaseAddress = new Uri("http://localhost/") };
    }

    /// <summary>The session cookie, once a write has established the session.</summary>
    public string? SessionCookie => cookies.Cookie(".AspNetCore.Session");

    public async Task<T> RunAsync<T>(Func<HttpContext, Task<T>> call)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = host.Register(async context =>
        {
            try
            {
                result.SetResult(await call(context));
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });

        using var response = await http.PostAsync(id.ToString(), content: null);
        var body = await response.Content.ReadAsStringAsync();
        if (!result.Task.IsCompleted)
        {
            throw new InvalidOperationException($"The call did not run in the request: HTTP {(int)response.StatusCode} {body}");
        }

        return await result.Task;
    }

    public Task RunAsync(Func<HttpContext, Task> call) => RunAsync(async context =>
    {
        await call(context);
        return true;
    });

    public void Dispose() => http.Dispose();
}
