namespace CartStorage;

/// <summary>
/// How far a command got when its store failed, which is what the caller may assume about the write: the one
/// distinction every <see cref="CartStorageUnavailableException"/> message makes (see
/// <see cref="CartStorageUnavailableException.Create"/>).
/// </summary>
public enum CartStoreFailureKind
{
    /// <summary>The store could not be reached or did not answer before the command was sent: nothing was written.</summary>
    Unreachable,

    /// <summary>
    /// The store answered that it cannot take the command now (a read-only replica, loading, ...): that command did not
    /// run. Earlier commands of the same operation may have (the message does not say "nothing was written").
    /// </summary>
    Refused,

    /// <summary>The connection failed or timed out after the command was sent: the change may have been written.</summary>
    Interrupted,
}
