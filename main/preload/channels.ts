/** The single ipcRenderer channel main uses to deliver contract events (payload: [eventChannel, data]). */
export const EVENT_IPC_CHANNEL = 'ipc:event';
