using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CartStorage.AspNetCore;

/// <summary>
/// Finds and loads the session of the current request, or throws a <see cref="CartStorageException"/> that says what
/// to add (<see cref="CartStorageUnavailableException"/> when the session store failed): never a
/// <see cref="NullReferenceException"/>, and never a session that silently reads as empty.
/// </summary>
internal static class CurrentSession
{
    public const string NoRequest =
        "SessionStorage needs the current HTTP request, but IHttpContextAccessor.HttpContext is null. Use the cart storage "
        + "only from code that runs inside a request (an endpoint, a controller, a middleware), not from a background service "
        + "or after the request ended, and register the accessor with services.AddHttpContextAccessor() "
        + "(AddCartStorage(...).AddSession() does it). Nothing was read or written.";

    public const string NoSession =
        "The current request has no session, so SessionStorage cannot read or write carts: add app.UseSession() to the "
        + "pipeline before the endpoints that use carts (ASP.NET Core's services.AddSession() and an IDistributedCache are "
        + "registered by AddCartStorage(...).AddSession()). Nothing was read or written.";

    /// <summary>The session store, as the subject of <see cref="CartStorageUnavailableException.Create"/>.</summary>
    public const string SessionStore = "The session store (the IDistributedCache behind sessions)";

    public const string Unavailable =
        "The session of the current request is not available (ISession.IsAvailable is false): its store, the IDistributedCache "
        + "behind sessions, could not be read earlier in this request (ASP.NET Core logged the error). Check that the session "
        + "store is reachable. Nothing was read or written.";

    public static async Task<ISession> LoadAsync(IHttpContextAccessor accessor, CancellationToken ct)
    {
        var context = accessor.HttpContext ?? throw new CartStorageException(NoRequest);

        // HttpContext.Session throws InvalidOperationException without the middleware; the feature says it plainly.
        var session = context.Features.Get<ISessionFeature>()?.Session ?? throw new CartStorageException(NoSession);
        try
        {
            await session.LoadAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw CartStoreFailures.IsUnavailable(e)
                ? CartStorageUnavailableException.Create(SessionStore, CartStoreFailureKind.Unreachable, $"loading the session: {e.GetType().Name}", e)
                : new CartStorageException($"The session of the current request could not be loaded from its store ({e.GetType().Name}: {e.Message}). Nothing was read or written.", e);
        }

        // A store failure met earlier by a synchronous session access leaves an empty, read-only session: never read it as "no cart".
        return session.IsAvailable ? session : throw new CartStorageUnavailableException(Unavailable);
    }
}
