using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>
/// Stores carts in the ASP.NET Core session of the current request (<see cref="ISession"/>, reached through
/// <see cref="IHttpContextAccessor"/>): one session entry per cart, plus one instance index per identifier.
/// </summary>
/// <remarks>
/// <para>
/// Every call loads the session (<see cref="ISession.LoadAsync"/>) before reading, and every write commits it
/// (<see cref="ISession.CommitAsync"/>) before returning, so a failing session store throws
/// <see cref="CartStorageException"/> instead of being logged and ignored at the end of the request.
/// </para>
/// <para>
/// Not safe under concurrency: ASP.NET Core sessions do not lock. Each request works on its own copy of the session,
/// loaded at its first access, and every commit writes the whole session; when two requests of one session change
/// carts at the same time, the last commit wins and the other request's change is lost, silently.
/// <see cref="ICartStorage.SaveAsync"/> and the versions only see changes of the same request or of requests that
/// committed before this request loaded the session. <see cref="Capabilities"/> says so.
/// </para>
/// <para>
/// <see cref="ICartStorage.FlushAsync"/> and <see cref="ICartStorage.ForgetIdentifierAsync"/> remove only this
/// storage's entries (keys starting with <c>{KeyPrefix}:c:</c> and <c>{KeyPrefix}:i:</c>) from the current request's
/// session; other session values stay, and other visitors' sessions cannot be reached. It never calls
/// <see cref="ISession.Clear"/>. Use one instance per request at a time: an <see cref="ISession"/> is not thread-safe.
/// </para>
/// </remarks>
public sealed partial class SessionStorage : CartStorageBase
{
    /// <summary>The session key the health probe loads: a read of a session that does not exist, never written.</summary>
    private const string ProbeSessionKey = "cart-storage-health-check";

    private readonly IHttpContextAccessor httpContextAccessor;
    private readonly ISessionStore? sessionStore;
    private readonly SessionKeys keys;
    private readonly ILogger logger;

    /// <summary>Creates the storage.</summary>
    /// <param name="httpContextAccessor">Gives the current request, whose session holds the carts.</param>
    /// <param name="options">The <c>Cart</c> options: <c>KeyPrefix</c> and <c>Limits</c> apply.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="sessionStore">
    /// The store of ASP.NET Core sessions, which the health check probes (a health request has no cart session);
    /// without it, the health check reports the storage unhealthy.
    /// </param>
    /// <param name="meterFactory">Creates the <c>CartStorage</c> meter; a process-wide meter when <see langword="null"/>.</param>
    public SessionStorage(
        IHttpContextAccessor httpContextAccessor,
        IOptions<CartStorageOptions> options,
        ILogger<SessionStorage>? logger = null,
        TimeProvider? timeProvider = null,
        ISessionStore? sessionStore = null,
        IMeterFactory? meterFactory = null)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.Limits, timeProvider, meterFactory)
    {
        ArgumentNullException.ThrowIfNull(httpContextAccessor);
        this.httpContextAccessor = httpContextAccessor;
        this.sessionStore = sessionStore;
        Store = "ASP.NET Core session";
        keys = new SessionKeys(options.Value.KeyPrefix);
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <remarks>Never safe across servers or concurrent requests: sessions do not lock and the last commit wins.</remarks>
    public override CartStorageCapabilities Capabilities { get; } = new("session", SafeAcrossServers: false, StoreEnforcedVersionCheck: false, Locking: false);

    /// <inheritdoc />
    protected override async Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);
        return Read(session, key);
    }

    /// <inheritdoc />
    /// <remarks>The session is the request's own: nothing else writes it between the read and the write.</remarks>
    protected override async Task<CartWrite> BeginWriteAsync(CartKey key, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);
        return new SessionWrite(this, session, key, Read(session, key));
    }

    /// <inheritdoc />
    protected override async Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);
        if (expected is not null)
        {
            var actual = Read(session, key) ?? CartSnapshot.Empty;
            if (!IsSameCart(expected, actual))
            {
                throw Conflict(key, expected, actual);
            }

            if (expected.Version == 0)
            {
                return;
            }
        }

        var changes = new SessionChanges(session);
        if (session.TryGetValue(keys.Cart(key), out _))
        {
            changes.Remove(keys.Cart(key));
        }

        ChangeIndex(session, changes, key, add: false);
        await changes.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Removes every cart and instance index of this storage from the current request's session, and nothing else.</remarks>
    protected override async Task FlushCoreAsync(CancellationToken ct)
    {
        var removed = await RemoveAllAsync(keys.IsOwn, ct).ConfigureAwait(false);
        Log.Flushed(logger, removed);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);

        // Keep only carts still present, in case application code removed a cart's entry by hand.
        return [.. ReadIndex(session, identifier).Where(instance => session.TryGetValue(keys.Cart(new CartKey(identifier, instance)), out _)).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>Removes every cart of the identifier and its index in one session commit.</remarks>
    protected override Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct)
    {
        var carts = keys.CartsOf(identifier);
        var index = keys.Index(identifier);
        return RemoveAllAsync(key => key.StartsWith(carts, StringComparison.Ordinal) || key == index, ct);
    }

    /// <inheritdoc />
    protected override async Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct) =>
        await MoveAsync(from, to, StampSwap, ct).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    /// <remarks>The merged target and the removal of the source are one session commit: both happen, or neither.</remarks>
    protected override async Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct) =>
        await MoveAsync(from, to, (source, target) => StampMerge(source, target, strategy), ct).ConfigureAwait(false)
        ?? await GetCoreAsync(to, ct).ConfigureAwait(false);

    /// <summary>Writes <paramref name="combine"/>'s cart over <paramref name="to"/> and removes <paramref name="from"/> in one commit; <see langword="null"/> without a source cart.</summary>
    private async Task<CartSnapshot?> MoveAsync(CartKey from, CartKey to, Func<CartSnapshot, CartSnapshot, CartSnapshot> combine, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);
        var source = Read(session, from);
        if (source is null)
        {
            return null;
        }

        var next = combine(source, Read(session, to) ?? CartSnapshot.Empty);
        var changes = new SessionChanges(session);
        Stage(session, changes, to, next);
        changes.Remove(keys.Cart(from));
        ChangeIndex(session, changes, from, add: false);
        await changes.CommitAsync(ct).ConfigureAwait(false);
        return next;
    }

    /// <inheritdoc />
    /// <remarks>Loads a session that does not exist from the session store (<see cref="ISessionStore"/>), without a request and without writing.</remarks>
    protected override Task ProbeCoreAsync(CancellationToken ct)
    {
        if (sessionStore is null)
        {
            throw new InvalidOperationException("SessionStorage was created without an ISessionStore, so its session store cannot be probed; register ASP.NET Core sessions (AddCartStorage(...).AddSession() does it).");
        }

        // The check's own timeout and cancellation bound the read; the session never establishes a cookie or commits.
        return sessionStore.Create(ProbeSessionKey, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan, static () => false, isNewSessionKey: true).LoadAsync(ct);
    }

    private Task<ISession> LoadAsync(CancellationToken ct) => CurrentSession.LoadAsync(httpContextAccessor, ct);

    private async Task WriteAsync(ISession session, CartKey key, CartSnapshot snapshot, CancellationToken ct)
    {
        var changes = new SessionChanges(session);
        Stage(session, changes, key, snapshot);
        await changes.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Adds the writes of <paramref name="snapshot"/> (its entry, and its instance in the index) to <paramref name="changes"/>; checks the size limit first.</summary>
    private void Stage(ISession session, SessionChanges changes, CartKey key, CartSnapshot snapshot)
    {
        var bytes = SerializeCart(snapshot);
        changes.Set(keys.Cart(key), bytes);
        ChangeIndex(session, changes, key, add: true);
    }

    private void ChangeIndex(ISession session, SessionChanges changes, CartKey key, bool add)
    {
        var instances = ReadIndex(session, key.Identifier);
        if (add == instances.Contains(key.Instance))
        {
            return;
        }

        if (add)
        {
            instances.Add(key.Instance);
        }
        else
        {
            instances.Remove(key.Instance);
        }

        if (instances.Count == 0)
        {
            changes.Remove(keys.Index(key.Identifier));
        }
        else
        {
            changes.Set(keys.Index(key.Identifier), CartJson.SerializeInstances(instances));
        }
    }

    private async Task<int> RemoveAllAsync(Func<string, bool> owned, CancellationToken ct)
    {
        var session = await LoadAsync(ct).ConfigureAwait(false);
        var changes = new SessionChanges(session);
        var removed = session.Keys.Where(owned).ToList();
        removed.ForEach(changes.Remove);
        await changes.CommitAsync(ct).ConfigureAwait(false);
        return removed.Count;
    }

    private CartSnapshot? Read(ISession session, CartKey key) =>
        session.TryGetValue(keys.Cart(key), out var bytes) ? DeserializeCart(key, bytes) : null;

    private List<string> ReadIndex(ISession session, string identifier) =>
        session.TryGetValue(keys.Index(identifier), out var bytes) ? [.. CartJson.DeserializeInstances(identifier, bytes)] : [];

    /// <summary>A write attempt on the request's session.</summary>
    private sealed class SessionWrite(SessionStorage storage, ISession session, CartKey key, CartSnapshot? current) : CartWrite(current)
    {
        public override async Task<bool> TryWriteAsync(CartSnapshot next, CancellationToken ct)
        {
            await storage.WriteAsync(session, key, next, ct).ConfigureAwait(false);
            return true;
        }
    }
}
