using Microsoft.AspNetCore.Http;

namespace CartStorage.AspNetCore;

/// <summary>
/// The entries one storage operation sets or removes in a session. <see cref="CommitAsync"/> applies them together and
/// commits the session to its store at once, so a store failure surfaces as an exception instead of being logged and
/// swallowed by the session middleware at the end of the request; on failure the entries are put back as they were.
/// </summary>
internal sealed class SessionChanges(ISession session)
{
    private readonly List<(string Key, byte[]? Value)> changes = [];

    public void Set(string key, byte[] value) => changes.Add((key, value));

    public void Remove(string key) => changes.Add((key, null));

    public async Task CommitAsync(CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var previous = new List<(string Key, byte[]? Value)>(changes.Count);
        var committing = false;
        try
        {
            foreach (var (key, value) in changes)
            {
                previous.Add((key, session.TryGetValue(key, out var old) ? old : null));
                Put(key, value);
            }

            committing = true;
            await session.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            for (var i = previous.Count - 1; i >= 0; i--)
            {
                Put(previous[i].Key, previous[i].Value);
            }

            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                throw;
            }

            throw !committing ? new CartStorageException(WriteRefused(e), e)
                : CartStoreFailures.IsUnavailable(e) ? CartStorageUnavailableException.Create(CurrentSession.SessionStore, CartStoreFailureKind.Interrupted, $"committing the session: {e.GetType().Name}; the change was undone in this request's session", e)
                : new CartStorageException(CommitFailed(e), e);
        }
    }

    private void Put(string key, byte[]? value)
    {
        if (value is null)
        {
            session.Remove(key);
        }
        else
        {
            session.Set(key, value);
        }
    }

    private static string WriteRefused(Exception e) =>
        $"The cart was not written: the session refused the write ({e.Message}) A new session can only start before the response starts: write carts before writing the response.";

    private static string CommitFailed(Exception e) =>
        $"The cart change was not saved: committing the session to its store failed ({e.GetType().Name}: {e.Message}). The change was undone in this request's session, so the cart is as it was before the call.";
}
